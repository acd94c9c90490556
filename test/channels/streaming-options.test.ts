/**
 * The finer streaming and reply keys end to end, with the real agent streaming from the fake model:
 * Slack's native stream (`streaming.nativeTransport`), block replies as separate messages
 * (`streaming.block.enabled`) where a provider cannot edit, `replyToMode: "batched"` and Slack's
 * `replyToModeByChatType`.
 */
import { afterEach, expect, test } from 'bun:test'
import type { GatewayFileConfig } from '../../src/config/schema.ts'
import { FakeSignalDaemon, SIGNAL_BOT, SIGNAL_BOT_UUID } from '../fakes/signal-daemon.ts'
import { FakeSlack, SLACK_BOT, signSlackBody, slackMessageEvent } from '../fakes/slack-api.ts'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { startChannelGateway, type ChannelGateway } from '../helpers/agent.ts'
import { waitForConnected } from '../helpers/channel-status.ts'

type Channels = NonNullable<GatewayFileConfig['channels']>
/** 24 pieces, 40 ms apart at the fake model: about a second of streaming. */
const PIECES = Array.from({ length: 24 }, (_, i) => `word${i} `)
const FULL = PIECES.join('').trim()
let gw: ChannelGateway | undefined
const cleanups: (() => unknown)[] = []

afterEach(async () => {
  await gw?.stop()
  gw = undefined
  for (const c of cleanups.splice(0)) await c()
})

async function connected(channel: string): Promise<void> {
  await waitForConnected(gw!, channel)
}

async function slackGateway(slack: Record<string, unknown>): Promise<FakeSlack> {
  const fake = new FakeSlack().start()
  cleanups.push(() => fake.stop())
  gw = await startChannelGateway({
    slack: { botToken: 'xoxb-test', signingSecret: 's', apiUrl: fake.apiUrl, dmPolicy: 'open', allowFrom: ['*'], channels: { C1: { requireMention: true } }, ...slack },
  } as Channels, { delayMs: 40 })
  await connected('slack')
  return fake
}

async function slackEvent(event: Record<string, unknown>): Promise<void> {
  const body = slackMessageEvent(event)
  await fetch(`http://127.0.0.1:${gw!.port}/slack/events`, { method: 'POST', body, headers: signSlackBody('s', body) })
}

test('slack partial in a thread streams natively: chat.startStream in the thread, chat.appendStream, then chat.stopStream', async () => {
  const slack = await slackGateway({ replyToMode: 'all', streaming: { mode: 'partial' } })
  gw!.fake.script({ kind: 'text', chunks: PIECES })
  await slackEvent({ channel: 'C1', channel_type: 'channel', user: 'U7', text: `<@${SLACK_BOT.user_id}> tell me`, ts: '1700.000300' })
  await slack.recorder.waitFor((c) => c.method === 'chat.stopStream', 10_000)
  const calls = slack.recorder.calls.filter((c) => c.method.startsWith('chat.'))
  const start = calls[0]!
  expect(start.method).toBe('chat.startStream')
  // Outside a DM Slack needs to know who the stream is for.
  expect(start.body).toMatchObject({ channel: 'C1', thread_ts: '1700.000300', recipient_user_id: 'U7', recipient_team_id: SLACK_BOT.team_id })
  expect(calls.at(-1)!.method).toBe('chat.stopStream')
  const appends = calls.slice(1, -1)
  expect(appends.every((c) => c.method === 'chat.appendStream' && c.body.ts === calls.at(-1)!.body.ts)).toBe(true)
  // Appends are paced like edits: far fewer than the pieces the model streamed.
  expect(appends.length).toBeLessThan(PIECES.length / 2)
  // Each call adds only the new text; together they are the answer.
  expect(calls.map((c) => c.body.markdown_text ?? '').join('')).toBe(FULL)
  expect(slack.recorder.of('chat.postMessage')).toEqual([])
})

test('slack nativeTransport false: the thread answer is a draft posted and edited in place', async () => {
  const slack = await slackGateway({ replyToMode: 'all', streaming: { mode: 'partial', nativeTransport: false } })
  gw!.fake.script({ kind: 'text', chunks: PIECES })
  await slackEvent({ channel: 'C1', channel_type: 'channel', user: 'U7', text: `<@${SLACK_BOT.user_id}> tell me`, ts: '1700.000400' })
  await slack.recorder.waitFor((c) => c.method === 'chat.update' && c.body.text === FULL, 10_000)
  expect(slack.recorder.of('chat.postMessage').map((c) => c.body.thread_ts)).toEqual(['1700.000400'])
  expect(slack.recorder.calls.filter((c) => c.method.endsWith('Stream'))).toEqual([])
})

test('slack replyToModeByChatType and channels.<id>.replyToMode: DMs and one channel are answered in threads, another channel top-level', async () => {
  const slack = await slackGateway({
    replyToModeByChatType: { direct: 'all' }, streaming: { mode: 'off' },
    channels: { C1: { requireMention: true }, C2: { requireMention: true, replyToMode: 'first' } },
  })
  await slackEvent({ channel: 'D1', channel_type: 'im', user: 'U7', text: 'in a dm', ts: '1700.000500' })
  await slack.recorder.waitFor((c) => c.method === 'chat.postMessage' && c.body.text === 'echo: in a dm', 10_000)
  await slackEvent({ channel: 'C1', channel_type: 'channel', user: 'U7', text: `<@${SLACK_BOT.user_id}> in a channel`, ts: '1700.000600' })
  await slack.recorder.waitFor((c) => c.method === 'chat.postMessage' && String(c.body.text).includes('in a channel'), 10_000)
  await slackEvent({ channel: 'C2', channel_type: 'channel', user: 'U7', text: `<@${SLACK_BOT.user_id}> in the other`, ts: '1700.000700' })
  await slack.recorder.waitFor((c) => c.method === 'chat.postMessage' && String(c.body.text).includes('in the other'), 10_000)
  expect(slack.posted().map((p) => [p.channel, p.thread_ts])).toEqual([['D1', '1700.000500'], ['C1', undefined], ['C2', '1700.000700']])
})

test('telegram replyToMode batched: an answer given at once is not quoted, one that waited behind another turn is', async () => {
  const tg = new FakeTelegram().start()
  cleanups.push(() => tg.stop())
  // Two turns, not one: Telegram's default inbound debounce would batch the two quick questions.
  const messages = { inbound: { debounceMs: 0 } }
  gw = await startChannelGateway({ telegram: { botToken: '1:T', apiRoot: tg.url, dmPolicy: 'open', allowFrom: ['*'], replyToMode: 'batched', streaming: { mode: 'off' } } } as Channels, { delayMs: 40, config: { messages } })
  await connected('telegram')
  // The first answer streams for about a second, so the second question waits behind it in the session.
  gw.fake.script({ kind: 'text', chunks: PIECES })
  const first = tg.pushText('first question')
  const second = tg.pushText('second question')
  await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.text === 'echo: second question', 15_000)
  const sent = tg.recorder.of('sendMessage').map((c) => [c.body.text, c.body.reply_parameters?.message_id])
  expect(sent).toEqual([[FULL, undefined], ['echo: second question', second]])
  expect(first).toBeLessThan(second)
})

test('signal streaming.block.enabled: the answer arrives as separate messages while the turn runs', async () => {
  const daemon = new FakeSignalDaemon().start()
  cleanups.push(() => daemon.stop())
  gw = await startChannelGateway({
    signal: {
      account: SIGNAL_BOT, accountUuid: SIGNAL_BOT_UUID, transport: { kind: 'external-native', url: daemon.url }, dmPolicy: 'open', allowFrom: ['*'],
      replyToMode: 'off', streaming: { block: { enabled: true, coalesce: { minChars: 10, idleMs: 0 } } },
    },
  } as Channels)
  await connected('signal')
  // Text before a tool call is a finished block: it goes out while the tool runs; the rest follows at the end.
  gw.fake.script({ kind: 'tool', name: 'lookup_weather', args: { city: 'Oslo' }, text: 'Checking the weather first.\n\n' }, { kind: 'text', chunks: ['It is ', 'cold.'] })
  daemon.pushText('weather?')
  await daemon.recorder.waitFor((c) => c.method === 'send' && String(c.body.message).endsWith('cold.'), 10_000)
  expect(daemon.sent().map((s) => s.message)).toEqual(['Checking the weather first.', 'It is cold.'])
})
