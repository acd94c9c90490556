/**
 * Live previews (`streaming.mode`) end to end: the real agent runtime streams from the fake model and
 * each provider's fake sees the sequence of sends, edits and deletes.
 */
import { afterEach, describe, expect, test } from 'bun:test'
import { resolveAgentSettings } from '../../src/config/agent-settings.ts'
import type { ChannelsConfig } from '../../src/config/channels-schema.ts'
import { FakeDiscord } from '../fakes/discord-api.ts'
import type { Call } from '../fakes/recorder.ts'
import { FakeSlack, signSlackBody, slackMessageEvent } from '../fakes/slack-api.ts'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { agentConfig, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'
import { TestClient } from '../helpers/client.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'

/** 24 pieces, 40 ms apart at the fake model: about a second of streaming. */
const PIECES = Array.from({ length: 24 }, (_, i) => `word${i} `)
const FULL = PIECES.join('').trim()
const EDIT_INTERVAL_MS = 1000

let fake: FakeModelServer
let gw: TestGateway
const cleanups: (() => unknown)[] = []

async function boot(channels: ChannelsConfig): Promise<void> {
  fake = startFakeModelServer('openai', { delayMs: 40 })
  const agent = resolveAgentSettings(agentConfig(fake, 'openai'), {})
  gw = await startTestGateway({ settings: { agent, channels } })
}

async function waitConnected(channel: string): Promise<void> {
  const client = await TestClient.connect(gw.url, { token: gw.token })
  try {
    for (let i = 0; i < 800; i++) {
      const s = await client.call('channels.status', { channel })
      if (s.channels[channel]?.connected) return
      await Bun.sleep(25)
    }
    throw new Error(`${channel} never connected`)
  } finally {
    client.close()
  }
}

afterEach(async () => {
  await gw?.stop()
  for (const c of cleanups.splice(0)) await c()
  await fake?.stop()
})

/**
 * No edit storm: edits are at least the provider's interval apart on our side, so however long the
 * stream took, the fake saw no more than one edit per interval of it (plus the final one).
 */
function expectPacedEdits(first: Call, edits: Call[]): void {
  const span = edits.at(-1)!.at! - first.at!
  expect(edits.length).toBeLessThanOrEqual(Math.ceil(span / EDIT_INTERVAL_MS) + 1)
  expect(edits.length).toBeLessThan(PIECES.length)
}

describe('telegram previews', () => {
  test('partial: the first text is sent at once and edited in place until it is the final answer', async () => {
    const tg = new FakeTelegram().start()
    cleanups.push(() => tg.stop())
    await boot({ telegram: { botToken: '1:T', apiRoot: tg.url, dmPolicy: 'open', allowFrom: ['*'], streaming: { mode: 'partial' } } })
    fake.script({ kind: 'text', chunks: PIECES })
    tg.pushText('tell me a story')
    const final = await tg.recorder.waitFor((c) => c.method === 'editMessageText' && c.body.text === FULL, 10_000)
    const sends = tg.recorder.of('sendMessage')
    expect(sends).toHaveLength(1)
    expect(FULL.startsWith(sends[0]!.body.text)).toBe(true)
    expect(sends[0]!.body.text.length).toBeLessThan(FULL.length)
    const edits = tg.recorder.of('editMessageText')
    expect(edits.every((e) => e.body.message_id === final.body.message_id && e.body.chat_id === '4242')).toBe(true)
    expectPacedEdits(sends[0]!, edits)
    expect(tg.recorder.of('deleteMessage')).toEqual([])
  })

  test('partial: a final longer than the limit keeps the preview as its first part and sends the rest', async () => {
    const tg = new FakeTelegram().start()
    cleanups.push(() => tg.stop())
    await boot({ telegram: { botToken: '1:T', apiRoot: tg.url, dmPolicy: 'open', allowFrom: ['*'], textChunkLimit: 60, streaming: { mode: 'partial' } } })
    fake.script({ kind: 'text', chunks: PIECES })
    tg.pushText('long one')
    await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.text.endsWith('word23'), 10_000)
    const sends = tg.sent()
    const previewFinal = tg.recorder.of('editMessageText').at(-1)?.body.text ?? sends[0]
    expect([previewFinal, ...sends.slice(1)].join(' ')).toBe(FULL)
    expect([previewFinal, ...sends].every((t) => t.length <= 60)).toBe(true)
  })

  test('progress (the default): a status draft appears when a tool runs and is deleted after the answer', async () => {
    const tg = new FakeTelegram().start()
    cleanups.push(() => tg.stop())
    await boot({ telegram: { botToken: '1:T', apiRoot: tg.url, dmPolicy: 'open', allowFrom: ['*'], streaming: { progress: { toolProgress: true } } } })
    fake.script({ kind: 'tool', name: 'lookup_weather', args: { city: 'Oslo' } }, { kind: 'text', chunks: ['It is ', 'cold.'] })
    tg.pushText('weather?')
    await tg.recorder.waitFor((c) => c.method === 'deleteMessage', 10_000)
    const order = tg.recorder.calls.filter((c) => ['sendMessage', 'editMessageText', 'deleteMessage'].includes(c.method))
    expect(order.map((c) => [c.method, c.body.text])).toEqual([
      ['sendMessage', 'Working…\n🛠️ lookup_weather'],
      ['sendMessage', 'It is cold.'],
      ['deleteMessage', undefined],
    ])
  })

  test('progress: a plain answer without tools is just the answer', async () => {
    const tg = new FakeTelegram().start()
    cleanups.push(() => tg.stop())
    await boot({ telegram: { botToken: '1:T', apiRoot: tg.url, dmPolicy: 'open', allowFrom: ['*'] } })
    fake.script({ kind: 'text', chunks: PIECES })
    tg.pushText('hi')
    await tg.recorder.waitFor((c) => c.method === 'sendMessage', 10_000)
    expect(tg.sent()).toEqual([FULL])
    expect(tg.recorder.of('editMessageText')).toEqual([])
  })

  test('off: one message with the whole answer, no edits', async () => {
    const tg = new FakeTelegram().start()
    cleanups.push(() => tg.stop())
    await boot({ telegram: { botToken: '1:T', apiRoot: tg.url, dmPolicy: 'open', allowFrom: ['*'], streaming: { mode: 'off' } } })
    fake.script({ kind: 'tool', name: 'lookup_weather', args: {} }, { kind: 'text', chunks: PIECES })
    tg.pushText('hi')
    await tg.recorder.waitFor((c) => c.method === 'sendMessage', 10_000)
    expect(tg.sent()).toEqual([FULL])
    expect(tg.recorder.calls.filter((c) => c.method === 'editMessageText' || c.method === 'deleteMessage')).toEqual([])
  })
})

test('slack partial: chat.postMessage at the first text, chat.update in place, the last update is the answer', async () => {
  const slack = new FakeSlack().start()
  cleanups.push(() => slack.stop())
  await boot({ slack: { botToken: 'xoxb-test', signingSecret: 's', apiUrl: slack.apiUrl, dmPolicy: 'open', allowFrom: ['*'], streaming: { mode: 'partial' } } })
  await waitConnected('slack')
  fake.script({ kind: 'text', chunks: PIECES })
  const body = slackMessageEvent({ channel: 'D1', channel_type: 'im', user: 'U7', text: 'stream please' })
  await fetch(`http://127.0.0.1:${gw.port}/slack/events`, { method: 'POST', body, headers: signSlackBody('s', body) })
  const final = await slack.recorder.waitFor((c) => c.method === 'chat.update' && c.body.text === FULL, 10_000)
  const posts = slack.recorder.of('chat.postMessage')
  expect(posts).toHaveLength(1)
  expect(FULL.startsWith(posts[0]!.body.text)).toBe(true)
  const edits = slack.recorder.of('chat.update')
  expect(edits.every((e) => e.body.channel === 'D1' && e.body.ts === final.body.ts)).toBe(true)
  expectPacedEdits(posts[0]!, edits)
})

test('discord partial: one message created, then edited in place to the answer', async () => {
  const discord = new FakeDiscord().start()
  cleanups.push(() => discord.stop())
  await boot({ discord: { token: 'fake-discord-token', apiRoot: discord.apiRoot, dmPolicy: 'open', allowFrom: ['*'], streaming: { mode: 'partial' } } })
  await waitConnected('discord')
  fake.script({ kind: 'text', chunks: PIECES })
  discord.messageCreate({ channel_id: '800', channel_type: 1, content: 'stream please' })
  const final = await discord.recorder.waitFor((c) => c.method === 'editMessage' && c.body.content === FULL, 20_000)
  const creates = discord.recorder.of('createMessage')
  expect(creates).toHaveLength(1)
  expect(FULL.startsWith(creates[0]!.body.content)).toBe(true)
  const edits = discord.recorder.of('editMessage')
  expect(edits.every((e) => e.body.channel === '800' && e.body.id === final.body.id)).toBe(true)
  expectPacedEdits(creates[0]!, edits)
}, 60_000)
