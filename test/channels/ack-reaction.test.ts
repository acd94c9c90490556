/**
 * The acknowledgement reaction on Slack, Discord, Signal and WhatsApp (Telegram: group-context.test.ts),
 * each through the real agent and the provider's fake: the reaction is on the message before the
 * reply goes out, and `removeAckAfterReply` takes it back after.
 */
import { afterEach, describe, expect, test } from 'bun:test'
import { rmSync } from 'node:fs'
import { resolveWhatsAppAccounts } from '../../src/channels/whatsapp/accounts.ts'
import { createWhatsAppAdapter } from '../../src/channels/whatsapp/adapter.ts'
import type { MessagesConfig } from '../../src/config/schema.ts'
import { DISCORD_BOT, FakeDiscord } from '../fakes/discord-api.ts'
import { FakeSignalDaemon, SIGNAL_BOT, SIGNAL_BOT_UUID } from '../fakes/signal-daemon.ts'
import { FakeSlack, SLACK_BOT, signSlackBody, slackMessageEvent } from '../fakes/slack-api.ts'
import { startChannelGateway, type ChannelGateway } from '../helpers/agent.ts'
import { waitForAccount } from '../helpers/channel-status.ts'
import { TestClient } from '../helpers/client.ts'
import { tempStateDir } from '../helpers/gateway.ts'
import { seedLinkedSession } from './whatsapp/linked-session.ts'
import { standInFactory } from './whatsapp/stand-in-socket.ts'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const REMOVE: MessagesConfig = { removeAckAfterReply: true }

/** `upstreamReached` settles once the provider's library has loaded and called its fake (status polls would wait behind a heavy import). */
async function connectedGateway(channels: Parameters<typeof startChannelGateway>[0], provider: string, messages: MessagesConfig, upstreamReached?: Promise<unknown>): Promise<ChannelGateway> {
  const gw = await startChannelGateway(channels, { config: { messages } })
  const client = await TestClient.connect(gw.url, { token: gw.token })
  cleanups.push(() => gw.stop(), () => client.close())
  await upstreamReached
  await waitForAccount(client, provider, (a) => a.connected)
  return gw
}

describe('slack', () => {
  async function boot(messages: MessagesConfig) {
    const slack = new FakeSlack().start()
    cleanups.push(() => slack.stop())
    const gw = await connectedGateway({
      slack: { botToken: 'xoxb-test', signingSecret: 's', apiUrl: slack.apiUrl, dmPolicy: 'open', allowFrom: ['*'], channels: { C1: { requireMention: true } } },
    }, 'slack', messages, slack.recorder.waitFor((c) => c.method === 'auth.test', 20_000))
    const post = (event: Record<string, unknown>) => {
      const body = slackMessageEvent(event)
      return fetch(`http://127.0.0.1:${gw.port}/slack/events`, { method: 'POST', body, headers: signSlackBody('s', body) })
    }
    return { slack, post }
  }

  test('👀 becomes the reaction named "eyes" on the mention, before the reply, and is removed after it', async () => {
    const { slack, post } = await boot(REMOVE)
    await post({ channel: 'C1', channel_type: 'channel', user: 'U7', text: `<@${SLACK_BOT.user_id}> hi`, ts: '1700000100.000001' })
    await slack.recorder.waitFor((c) => c.method === 'reactions.remove')
    const calls = slack.recorder.calls.filter((c) => ['reactions.add', 'chat.postMessage', 'reactions.remove'].includes(c.method))
    expect(calls.map((c) => c.method)).toEqual(['reactions.add', 'chat.postMessage', 'reactions.remove'])
    expect(calls[0]!.body).toMatchObject({ channel: 'C1', timestamp: '1700000100.000001', name: 'eyes' })
    expect(calls[2]!.body).toMatchObject({ channel: 'C1', timestamp: '1700000100.000001', name: 'eyes' })
  })

  test('a DM gets no reaction under the default scope', async () => {
    const { slack, post } = await boot({})
    await post({ channel: 'D1', channel_type: 'im', user: 'U7', text: 'hello' })
    await slack.recorder.waitFor((c) => c.method === 'chat.postMessage')
    expect(slack.recorder.of('reactions.add')).toEqual([])
  })
})

describe('discord', () => {
  test('the reaction is PUT on the mention before the reply and DELETEd after it', async () => {
    const discord = new FakeDiscord().start()
    cleanups.push(() => discord.stop())
    await connectedGateway({
      discord: { token: 't', apiRoot: discord.apiRoot, dmPolicy: 'open', allowFrom: ['*'], guilds: { '700': { requireMention: true } }, ackReaction: '✅' },
    }, 'discord', REMOVE, discord.gateway.waitFor((c) => c.method === 'op2', 20_000))
    discord.messageCreate({ id: '555', channel_id: '801', guild_id: '700', content: `<@${DISCORD_BOT.id}> hi`, mentions: [DISCORD_BOT] })
    await discord.recorder.waitFor((c) => c.method === 'removeReaction')
    const calls = discord.recorder.calls.filter((c) => ['addReaction', 'createMessage', 'removeReaction'].includes(c.method))
    expect(calls.map((c) => c.method)).toEqual(['addReaction', 'createMessage', 'removeReaction'])
    expect(calls[0]!.body).toEqual({ channel: '801', id: '555', emoji: '✅' })
  })
})

describe('signal', () => {
  test('sendReaction names the group, the author and the timestamp; remove takes it back', async () => {
    const daemon = new FakeSignalDaemon().start()
    cleanups.push(() => daemon.stop())
    const group = 'Pmpi+EfPWmsxiomLe9Nx2XF9HOE483p6iKiFj65iMwI='
    await connectedGateway({
      signal: { account: SIGNAL_BOT, accountUuid: SIGNAL_BOT_UUID, transport: { kind: 'external-native', url: daemon.url }, groups: { [group]: { requireMention: true } } },
    }, 'signal', { ackReaction: '👀', ...REMOVE })
    const ts = daemon.pushText('\uFFFC hi', { groupId: group, mentions: [{ uuid: SIGNAL_BOT_UUID, start: 0, length: 1 }] })
    const removed = await daemon.recorder.waitFor((c) => c.method === 'sendReaction' && c.body.remove === true)
    const calls = daemon.recorder.calls.filter((c) => c.method === 'sendReaction' || c.method === 'send')
    expect(calls.map((c) => c.method)).toEqual(['sendReaction', 'send', 'sendReaction'])
    expect(calls[0]!.body).toEqual({ groupId: group, emoji: '👀', targetAuthor: '+15557654321', targetTimestamp: ts, account: SIGNAL_BOT })
    expect(removed.body).toMatchObject({ groupId: group, emoji: '👀', targetTimestamp: ts, remove: true })
  })
})

describe('whatsapp', () => {
  async function boot(messages: MessagesConfig) {
    const stateDir = tempStateDir()
    const config = { groups: { '*': {} } }
    seedLinkedSession(resolveWhatsAppAccounts({ whatsapp: config }, {}, stateDir)[0]!.settings.authDir)
    const factory = standInFactory()
    const gw = await startChannelGateway({ whatsapp: config }, {
      stateDir, config: { messages }, channelFactories: { whatsapp: (a) => createWhatsAppAdapter(a, { socketFactory: factory }) },
    })
    cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }), () => gw.stop())
    while (factory.sockets.length === 0) await Bun.sleep(10)
    factory.last().open()
    return factory.last()
  }
  const key = { remoteJid: '120363000000@g.us', participant: '15550003333@s.whatsapp.net', id: 'G-1' }
  const mention = { key, message: { extendedTextMessage: { text: '@bot help', contextInfo: { mentionedJid: ['15550001111@s.whatsapp.net'] } } } }

  test('messages.ackReaction is a react message on the mention; an empty one takes it back after the reply', async () => {
    const sock = await boot({ ackReaction: '👀', ...REMOVE })
    sock.upsert(mention)
    while (sock.sent.length < 3) await Bun.sleep(10)
    expect(sock.sent.map((s) => s.content)).toEqual([
      { react: { text: '👀', key } },
      { text: 'echo: @bot help' },
      { react: { text: '', key } },
    ])
  })

  test('without messages.ackReaction WhatsApp sends none (no identity fallback)', async () => {
    const sock = await boot({})
    sock.upsert(mention)
    while (sock.sent.length < 1) await Bun.sleep(10)
    expect(sock.sent.map((s) => s.content)).toEqual([{ text: 'echo: @bot help' }])
  })
})
