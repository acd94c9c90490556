/**
 * `messages.statusReactions`: the reaction on the sender's message follows its turn (queued, thinking,
 * a tool, done or error, then the acknowledgement again), as each provider's fake sees it. Real
 * grammY, discord.js, Bolt, signal-cli's JSON-RPC and Baileys (stand-in socket) adapters, the real
 * agent runtime, and a fake model held at each phase until the provider has seen it (a phase is
 * shown only after its 700 ms debounce). Also: a turn tried again after a restart does not set its
 * acknowledgement twice.
 */
import { afterEach, describe, expect, test } from 'bun:test'
import { rmSync } from 'node:fs'
import { resolveWhatsAppAccounts } from '../../src/channels/whatsapp/accounts.ts'
import { createWhatsAppAdapter } from '../../src/channels/whatsapp/adapter.ts'
import type { MessagesConfig } from '../../src/config/schema.ts'
import { DISCORD_BOT, FakeDiscord } from '../fakes/discord-api.ts'
import type { Call, CallRecorder } from '../fakes/recorder.ts'
import { FakeSignalDaemon, SIGNAL_BOT, SIGNAL_BOT_UUID } from '../fakes/signal-daemon.ts'
import { FakeSlack, SLACK_BOT, signSlackBody, slackMessageEvent } from '../fakes/slack-api.ts'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { startChannelGateway, startFakeModelServer, type ChannelGateway } from '../helpers/agent.ts'
import { waitForAccount } from '../helpers/channel-status.ts'
import { TestClient } from '../helpers/client.ts'
import { tempStateDir } from '../helpers/gateway.ts'
import { seedLinkedSession } from './whatsapp/linked-session.ts'
import { standInFactory } from './whatsapp/stand-in-socket.ts'
import { until } from '../helpers/until.ts'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean()
})

const ENABLED: MessagesConfig = { statusReactions: { enabled: true }, ackReactionScope: 'all' }

/** Resolves once `recorder` has seen `n` calls matching `match`. */
function nth(recorder: CallRecorder, match: (c: Call) => boolean, n: number, timeoutMs = 10_000): Promise<Call> {
  return recorder.waitFor((c) => match(c) && recorder.calls.filter(match).length >= n, timeoutMs)
}

/** The model first calls a tool once `thinking` is seen, then answers once `tool` is seen. */
function toolTurn(gw: ChannelGateway, thinking: Promise<unknown>, tool: Promise<unknown>): void {
  gw.fake.script({ kind: 'tool', name: 'lookup_weather', args: { city: 'Oslo' }, after: thinking }, { kind: 'text', chunks: ['It is cold.'], after: tool })
}

describe('telegram', () => {
  const reaction = (c: Call) => (c.method === 'setMessageReaction' ? (c.body.reaction[0]?.emoji ?? '(none)') : undefined)
  /** Reactions and the answer (not the progress draft a tool call opens), in the order the Bot API got them. */
  const timeline = (tg: FakeTelegram) => tg.recorder.calls.flatMap((c) => (c.method === 'sendMessage' && c.body.text === tg.sent().at(-1) ? ['reply'] : reaction(c) ? [reaction(c)!] : []))

  async function boot(messages: MessagesConfig) {
    const tg = new FakeTelegram().start()
    cleanups.push(() => tg.stop())
    const gw = await startChannelGateway({ telegram: { botToken: '123:TEST', apiRoot: tg.url, dmPolicy: 'open', allowFrom: ['*'] } }, { config: { messages } })
    cleanups.push(() => gw.stop())
    return { tg, gw }
  }

  test('a turn with a tool call: 👀 queued, 🤔 thinking, 🔥 the tool, the reply, 👍 done, then 👀 again (Telegram\'s own emoji; each replaces the last)', async () => {
    const { tg, gw } = await boot(ENABLED)
    const seen = (emoji: string) => tg.recorder.waitFor((c) => reaction(c) === emoji, 10_000)
    toolTurn(gw, seen('🤔'), seen('🔥'))
    tg.pushText('weather in Oslo?')
    await nth(tg.recorder, (c) => reaction(c) === '👀', 2)
    expect(timeline(tg)).toEqual(['👀', '🤔', '🔥', 'reply', '👍', '👀'])
    expect(tg.sent().at(-1)).toBe('It is cold.')
  })

  test('a turn that fails: 😱 for the error, then 👀 again; no reply', async () => {
    const { tg, gw } = await boot(ENABLED)
    gw.fake.script({ kind: 'status', status: 400, after: tg.recorder.waitFor((c) => reaction(c) === '🤔', 10_000) })
    tg.pushText('weather in Oslo?')
    await nth(tg.recorder, (c) => reaction(c) === '👀', 2)
    expect(timeline(tg)).toEqual(['👀', '🤔', '😱', '👀'])
  })

  test('a reaction Telegram refuses is logged and the turn goes on: the reply, then the rest of the lifecycle', async () => {
    const { tg, gw } = await boot(ENABLED)
    tg.failNext('setMessageReaction', { status: 400, description: 'Bad Request: REACTION_INVALID', when: (b) => b.reaction[0]?.emoji === '🤔' })
    gw.fake.script({ kind: 'text', chunks: ['hi there'], after: tg.recorder.waitFor((c) => c.method === 'setMessageReaction:failed', 10_000) })
    tg.pushText('hello')
    await nth(tg.recorder, (c) => reaction(c) === '👀', 2)
    expect(timeline(tg)).toEqual(['👀', 'reply', '👍', '👀'])
    expect(tg.sent()).toEqual(['hi there'])
  })

  test('a reaction Telegram rate-limits (429 with retry_after) is sent again after the wait, and the phases after it keep their order', async () => {
    const { tg, gw } = await boot(ENABLED)
    tg.failNext('setMessageReaction', { status: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1, when: (b) => b.reaction[0]?.emoji === '🤔' })
    gw.fake.script({ kind: 'text', chunks: ['hi there'], after: tg.recorder.waitFor((c) => reaction(c) === '🤔', 10_000) })
    tg.pushText('hello')
    await nth(tg.recorder, (c) => reaction(c) === '👀', 2)
    expect(tg.recorder.of('setMessageReaction:failed').map((c) => c.body.reaction[0].emoji)).toEqual(['🤔'])
    expect(timeline(tg)).toEqual(['👀', '🤔', 'reply', '👍', '👀'])
  })

  test('a group that allows only some reactions gets one of those (asked once per chat): 👍 for 👀 and 🤔, 🔥 kept', async () => {
    const tg = new FakeTelegram().start()
    cleanups.push(() => tg.stop())
    tg.availableReactions.set('-100', ['👍', '🔥', '😢'])
    const gw = await startChannelGateway({
      telegram: { botToken: '123:TEST', apiRoot: tg.url, groupPolicy: 'open', groups: { '-100': { requireMention: false } } },
    }, { config: { messages: ENABLED } })
    cleanups.push(() => gw.stop())
    const seen = (emoji: string, n: number) => nth(tg.recorder, (c) => reaction(c) === emoji, n)
    toolTurn(gw, seen('👍', 2), seen('🔥', 1))
    tg.pushText('weather in Oslo?', { chatId: -100, chatType: 'supergroup' })
    await seen('👍', 4)
    // 👀 queued, 🤔 thinking, ✅ done and 👀 back all become 👍; the tool's 🔥 is allowed.
    expect(timeline(tg)).toEqual(['👍', '👍', '🔥', 'reply', '👍', '👍'])
    expect(tg.recorder.of('getChat')).toHaveLength(1)
  })

  test('a turn tried again after a restart keeps its acknowledgement (set once); one that arrived while stopping gets it then', async () => {
    const stateDir = tempStateDir()
    const tg = new FakeTelegram().start()
    cleanups.push(() => tg.stop(), () => rmSync(stateDir, { recursive: true, force: true }))
    const telegram = { botToken: '123:TEST', apiRoot: tg.url, dmPolicy: 'open' as const, allowFrom: ['*'] }
    const config = { messages: { ackReactionScope: 'all' as const } }
    const first = startFakeModelServer('openai', { echo: true })
    cleanups.push(() => first.stop())
    const gw = await startChannelGateway({ telegram }, { stateDir, persistent: true, fake: first, config })
    first.script({ kind: 'hang' })
    tg.pushText('what is the plan?')
    await tg.recorder.waitFor((c) => c.method === 'setMessageReaction')
    await until(() => first.requests.length === 1, 'the turn to reach the model')
    // The stop cuts the turn short (it is kept for after the restart); a message sent as it stops finds no agent.
    const stopping = gw.stop()
    tg.pushText('and the budget?', { fromId: 77 })
    await stopping

    const second = startFakeModelServer('openai', { echo: true })
    cleanups.push(() => second.stop())
    const again = await startChannelGateway({ telegram }, { stateDir, persistent: true, fake: second, config })
    cleanups.push(() => again.stop())
    await until(() => tg.sent().length === 2, 'both answers')
    const reactedTo = tg.recorder.of('setMessageReaction').map((c) => String(c.body.chat_id))
    expect(reactedTo.sort()).toEqual(['4242', '77'])
  })
})

describe('whatsapp', () => {
  async function boot(whatsapp: Record<string, unknown>, messages: MessagesConfig) {
    const stateDir = tempStateDir()
    cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }))
    seedLinkedSession(resolveWhatsAppAccounts({ whatsapp }, {}, stateDir)[0]!.settings.authDir)
    const factory = standInFactory()
    const gw = await startChannelGateway({ whatsapp }, {
      stateDir, config: { messages }, channelFactories: { whatsapp: (a) => createWhatsAppAdapter(a, { socketFactory: factory }) },
    })
    cleanups.push(() => gw.stop())
    await until(() => factory.sockets.length === 1, 'a socket')
    const sock = factory.last()
    sock.open()
    const timeline = () => sock.sent.map((s) => (s.content.react ? (s.content.react as { text: string }).text : 'reply'))
    const ask = (text: string) => sock.upsert({ key: { remoteJid: '15550002222@s.whatsapp.net', fromMe: false, id: 'IN-1' }, messageTimestamp: Math.floor(Date.now() / 1000), message: { conversation: text } })
    return { gw, timeline, ask }
  }
  const open = { dmPolicy: 'open' as const, allowFrom: ['*'] }

  test('a turn with a tool call: each phase replaces the reaction: 👀 🧠 🛠️, the reply, ✅, 👀', async () => {
    const { gw, timeline, ask } = await boot(open, { ...ENABLED, ackReaction: '👀' })
    const seen = (emoji: string) => until(() => timeline().includes(emoji), emoji)
    toolTurn(gw, seen('🧠'), seen('🛠️'))
    ask('weather in Oslo?')
    await until(() => timeline().filter((e) => e === '👀').length === 2, 'the acknowledgement back')
    expect(timeline()).toEqual(['👀', '🧠', '🛠️', 'reply', '✅', '👀'])
  })

  test('reactionLevel "off" sends no reaction at all; the reply goes out', async () => {
    const { timeline, ask } = await boot({ ...open, reactionLevel: 'off' }, { ...ENABLED, ackReaction: '👀' })
    ask('hello')
    await until(() => timeline().length > 0, 'the reply')
    expect(timeline()).toEqual(['reply'])
  })
})

describe('signal', () => {
  test('a group turn with a tool call: sendReaction per phase, each replacing the last (no removals)', async () => {
    const daemon = new FakeSignalDaemon().start()
    cleanups.push(() => daemon.stop())
    const group = 'Pmpi+EfPWmsxiomLe9Nx2XF9HOE483p6iKiFj65iMwI='
    const gw = await startChannelGateway({
      signal: { account: SIGNAL_BOT, accountUuid: SIGNAL_BOT_UUID, transport: { kind: 'external-native', url: daemon.url }, groups: { [group]: { requireMention: true } } },
    }, { config: { messages: { statusReactions: { enabled: true } } } })
    cleanups.push(() => gw.stop())
    const client = await TestClient.connect(gw.url, { token: gw.token })
    cleanups.push(() => client.close())
    await waitForAccount(client, 'signal', (a) => a.connected)
    const reaction = (c: Call) => (c.method === 'sendReaction' ? (c.body.remove ? `-${c.body.emoji}` : c.body.emoji) : undefined)
    const seen = (emoji: string) => daemon.recorder.waitFor((c) => reaction(c) === emoji, 10_000)
    toolTurn(gw, seen('🧠'), seen('🛠️'))
    const ts = daemon.pushText('\uFFFC weather?', { groupId: group, mentions: [{ uuid: SIGNAL_BOT_UUID, start: 0, length: 1 }] })
    await nth(daemon.recorder, (c) => reaction(c) === '👀', 2)
    expect(daemon.recorder.calls.flatMap((c) => (c.method === 'send' ? ['reply'] : reaction(c) ? [reaction(c)] : []))).toEqual(['👀', '🧠', '🛠️', 'reply', '✅', '👀'])
    expect(daemon.recorder.of('sendReaction').every((c) => c.body.groupId === group && c.body.targetTimestamp === ts)).toBe(true)
  })
})

describe('discord (on by default with the acknowledgement)', () => {
  test('the acknowledgement stays still through a turn; a failed turn flashes ❌ and the 👀 comes back', async () => {
    const discord = new FakeDiscord().start()
    cleanups.push(() => discord.stop())
    const gw = await startChannelGateway({
      discord: { token: 't', apiRoot: discord.apiRoot, dmPolicy: 'open', allowFrom: ['*'], guilds: { '700': { requireMention: true } } },
    })
    const client = await TestClient.connect(gw.url, { token: gw.token })
    cleanups.push(() => gw.stop(), () => client.close())
    await discord.gateway.waitFor((c) => c.method === 'op2', 20_000)
    await waitForAccount(client, 'discord', (a) => a.connected)
    const reactions = (id: string) => discord.recorder.calls.filter((c) => c.body.id === id && c.method.endsWith('Reaction')).map((c) => `${c.method === 'addReaction' ? '+' : '-'}${c.body.emoji}`)

    toolTurn(gw, Promise.resolve(), Promise.resolve())
    discord.messageCreate({ id: '555', channel_id: '801', guild_id: '700', content: `<@${DISCORD_BOT.id}> weather?`, mentions: [DISCORD_BOT] })
    await discord.recorder.waitFor((c) => c.method === 'createMessage')
    gw.fake.script({ kind: 'status', status: 400 })
    discord.messageCreate({ id: '556', channel_id: '801', guild_id: '700', content: `<@${DISCORD_BOT.id}> again?`, mentions: [DISCORD_BOT] })
    await discord.recorder.waitFor((c) => c.method === 'removeReaction' && c.body.id === '556' && c.body.emoji === '❌', 10_000)
    expect(reactions('556')).toEqual(['+👀', '+❌', '-👀', '+👀', '-❌'])
    expect(reactions('555')).toEqual(['+👀'])
  })
})

describe('slack (with enabled: true)', () => {
  test('the acknowledgement stays still; a failed turn flashes "x" and "eyes" comes back', async () => {
    const slack = new FakeSlack().start()
    cleanups.push(() => slack.stop())
    const gw = await startChannelGateway({
      slack: { botToken: 'xoxb-test', signingSecret: 's', apiUrl: slack.apiUrl, dmPolicy: 'open', allowFrom: ['*'], channels: { C1: { requireMention: true } } },
    }, { config: { messages: { statusReactions: { enabled: true } } } })
    const client = await TestClient.connect(gw.url, { token: gw.token })
    cleanups.push(() => gw.stop(), () => client.close())
    await slack.recorder.waitFor((c) => c.method === 'auth.test', 20_000)
    await waitForAccount(client, 'slack', (a) => a.connected)
    gw.fake.script({ kind: 'status', status: 400 })
    const body = slackMessageEvent({ channel: 'C1', channel_type: 'channel', user: 'U7', text: `<@${SLACK_BOT.user_id}> hi`, ts: '1700000100.000001' })
    await fetch(`http://127.0.0.1:${gw.port}/slack/events`, { method: 'POST', body, headers: signSlackBody('s', body) })
    await slack.recorder.waitFor((c) => c.method === 'reactions.remove' && c.body.name === 'x', 10_000)
    const calls = slack.recorder.calls.filter((c) => c.method.startsWith('reactions.'))
    expect(calls.map((c) => `${c.method === 'reactions.add' ? '+' : '-'}${c.body.name}`)).toEqual(['+eyes', '+x', '-eyes', '+eyes', '-x'])
    expect(calls.every((c) => c.body.channel === 'C1' && c.body.timestamp === '1700000100.000001')).toBe(true)
  })
})

describe('slack assistant thread status (on by default)', () => {
  test('a reply going into a thread shows "is typing..." under it while the agent works, cleared after the reply; a top-level DM gets none', async () => {
    const slack = new FakeSlack().start()
    cleanups.push(() => slack.stop())
    const gw = await startChannelGateway({
      slack: { botToken: 'xoxb-test', signingSecret: 's', apiUrl: slack.apiUrl, dmPolicy: 'open', allowFrom: ['*'], channels: { C1: { requireMention: true } } },
    })
    const client = await TestClient.connect(gw.url, { token: gw.token })
    cleanups.push(() => gw.stop(), () => client.close())
    await slack.recorder.waitFor((c) => c.method === 'auth.test', 20_000)
    await waitForAccount(client, 'slack', (a) => a.connected)
    const post = (event: Record<string, unknown>) => {
      const body = slackMessageEvent(event)
      return fetch(`http://127.0.0.1:${gw.port}/slack/events`, { method: 'POST', body, headers: signSlackBody('s', body) })
    }
    const timeline = () => slack.recorder.calls.flatMap((c) => (c.method === 'assistant.threads.setStatus' ? [`status:${c.body.status}`] : c.method === 'chat.postMessage' ? [`reply:${c.body.thread_ts ?? 'top'}`] : []))

    await post({ channel: 'D1', channel_type: 'im', user: 'U7', text: 'hello' })
    await slack.recorder.waitFor((c) => c.method === 'chat.postMessage')
    expect(timeline()).toEqual(['reply:top'])

    await post({ channel: 'C1', channel_type: 'channel', user: 'U7', text: `<@${SLACK_BOT.user_id}> help`, thread_ts: '1700000050.000001' })
    await slack.recorder.waitFor((c) => c.method === 'assistant.threads.setStatus' && c.body.status === '')
    expect(timeline()).toEqual(['reply:top', 'status:is typing...', 'reply:1700000050.000001', 'status:'])
    expect(slack.recorder.of('assistant.threads.setStatus').map((c) => [c.body.channel_id, c.body.thread_ts])).toEqual([['C1', '1700000050.000001'], ['C1', '1700000050.000001']])
  })
})
