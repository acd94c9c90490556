import { expect, test } from 'bun:test'
import { validateConfig } from './load-config.ts'

test('keys inside per-group, per-account and per-agent entries are checked like any other: what we act on passes, the rest is reported with its path', async () => {
  const loaded = await validateConfig('openclaw.json', {
    channels: {
      telegram: {
        groups: {
          '*': { requireMention: true },
          '-100': { requireMention: false, disableAudioPreflight: true, systemPrompt: 'be brief', topics: { 7: { disableAudioPreflight: false } } },
        },
        accounts: { alerts: { botToken: '1:x', groups: { '-200': { enabled: true, skills: ['x'] } }, linkPreview: false } },
      },
      discord: { guilds: { 123: { requireMention: true, channels: { general: { requireMention: false, allow: true } } } } },
      slack: { channels: { C1: { replyToMode: 'all', users: ['U1'] } } },
    },
    agents: {
      entries: { main: { identity: { name: 'Clawd' }, groupChat: { mentionPatterns: ['clawd'], historyLimit: 5 } } },
      list: [{ id: 'main', default: true, groupChat: { mentionPatterns: ['clawd'] } }, { id: 'ops', sandbox: { mode: 'all' } }],
    },
    models: { providers: { local: { baseUrl: 'http://127.0.0.1:1/v1', models: [{ id: 'm', name: 'M', cost: { input: 0 } }] } } },
    constructor: 1,
  })
  expect(loaded.unsupportedKeys.sort()).toEqual([
    'agents.entries.main.groupChat.historyLimit',
    'agents.list[1].sandbox',
    'channels.discord.guilds.123.channels.general.allow',
    'channels.slack.channels.C1.users',
    'channels.telegram.accounts.alerts.groups.-200.skills',
    'channels.telegram.accounts.alerts.linkPreview',
    'channels.telegram.groups.-100.systemPrompt',
    'channels.telegram.groups.-100.topics',
    'constructor',
    'models.providers.local.models[0].cost',
  ])
})

test('messages.statusReactions.enabled is acted on; the retired emojis and timing are reported', async () => {
  const loaded = await validateConfig('openclaw.json', {
    messages: { statusReactions: { enabled: true, emojis: { done: '🎉' }, timing: { debounceMs: 100 } } },
  })
  expect(loaded.unsupportedKeys.sort()).toEqual(['messages.statusReactions.emojis', 'messages.statusReactions.timing'])
})
