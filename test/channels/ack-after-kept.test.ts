/**
 * A provider hears that a message arrived (Telegram's next getUpdates offset, a Slack Socket Mode ack)
 * only once the gateway has kept it: the adapters wait for the sink's answer. The sink here holds its
 * answer a while, so the order shows; one that cannot keep a message leaves it with the provider.
 */
import { afterEach, expect, test } from 'bun:test'
import { resolveAllAccounts } from '../../src/channels/registry.ts'
import { createSlackAdapter } from '../../src/channels/slack/adapter.ts'
import type { SlackSettings } from '../../src/channels/slack/accounts.ts'
import { createTelegramAdapter } from '../../src/channels/telegram/adapter.ts'
import type { TelegramSettings } from '../../src/channels/telegram/accounts.ts'
import type { ChannelSink, InboundMessage, ResolvedAccount } from '../../src/channels/types.ts'
import { FakeSlack, slackMessageEvent } from '../fakes/slack-api.ts'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { until } from '../helpers/until.ts'

const stops: (() => void)[] = []
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
})

/** A sink whose answers wait for `decide`; `decidedAt` is when the last one was given. */
function holdingSink() {
  const got: InboundMessage[] = []
  let decide!: (kept: boolean) => void
  let answer = new Promise<boolean>((resolve) => (decide = resolve))
  const state = { got, decidedAt: 0, connected: false }
  const sink: ChannelSink = {
    message: (msg) => (got.push(msg), answer),
    connected: () => void (state.connected = true),
    disconnected: () => {},
    fault: () => {},
    dropped: () => {},
    cursor: { read: () => undefined, save: () => {} },
  }
  return Object.assign(state, {
    sink,
    decide(kept: boolean) {
      state.decidedAt = performance.now()
      decide(kept)
      answer = new Promise<boolean>((resolve) => (decide = resolve))
    },
  })
}

/** Long enough for an adapter that does not wait to confirm first. */
const HOLD_MS = 300

test('telegram: the offset confirming an update goes only once it is kept; one not kept is delivered again', async () => {
  const tg = new FakeTelegram().start()
  stops.push(() => tg.stop())
  const account = resolveAllAccounts({ telegram: { botToken: '1:KEEP', apiRoot: tg.url } }, {})[0] as ResolvedAccount<TelegramSettings>
  const adapter = createTelegramAdapter(account)
  const held = holdingSink()
  const run = new AbortController()
  stops.push(() => run.abort())
  const first = adapter.start(held.sink, run.signal)

  const kept = tg.pushText('keep me')
  await until(() => held.got.length === 1, 'the update to reach the sink')
  await Bun.sleep(HOLD_MS)
  held.decide(true)
  await until(() => tg.confirmed >= kept, 'the offset past it')
  expect(tg.confirmedAt).toBeGreaterThanOrEqual(held.decidedAt)

  const lost = tg.pushText('the disk is full')
  await until(() => held.got.length === 2, 'the second update to reach the sink')
  held.decide(false)
  // Not kept: the poll ends without confirming it, and the account would restart.
  await expect(first).rejects.toThrow('could not be kept')
  expect(tg.confirmed).toBeLessThan(lost)
  const again = adapter.start(held.sink, run.signal)
  await until(() => held.got.length === 3, 'the update delivered again')
  expect(held.got.map((m) => m.text)).toEqual(['keep me', 'the disk is full', 'the disk is full'])
  held.decide(true)
  await until(() => tg.confirmed >= lost, 'the offset past it, once kept')
  run.abort()
  await again
})

test('slack socket mode: an envelope is acked only once its message is kept, and not at all when it cannot be', async () => {
  const slack = new FakeSlack().start()
  stops.push(() => slack.stop())
  const account = resolveAllAccounts({ slack: { botToken: 'xoxb-keep', appToken: 'xapp-keep', apiUrl: slack.apiUrl } }, {})[0] as ResolvedAccount<SlackSettings>
  const adapter = createSlackAdapter(account)
  const held = holdingSink()
  const run = new AbortController()
  stops.push(() => run.abort())
  const running = adapter.start(held.sink, run.signal)
  await until(() => held.connected, 'the socket')

  const kept = slack.sendEnvelope(slackMessageEvent({ channel: 'D1', channel_type: 'im', user: 'U1', text: 'keep me' }))
  await until(() => held.got.length === 1, 'the event to reach the sink')
  await Bun.sleep(HOLD_MS)
  held.decide(true)
  const ack = await slack.socket.waitFor((c) => c.body.envelope_id === kept)
  expect(ack.at!).toBeGreaterThanOrEqual(held.decidedAt)

  slack.sendEnvelope(slackMessageEvent({ channel: 'D1', channel_type: 'im', user: 'U1', text: 'the disk is full' }))
  await until(() => held.got.length === 2, 'the second event to reach the sink')
  held.decide(false)
  // The next envelope is acked once kept; the one not kept never is (Slack delivers it again).
  const later = slack.sendEnvelope(slackMessageEvent({ channel: 'D1', channel_type: 'im', user: 'U1', text: 'later' }))
  await until(() => held.got.length === 3, 'the third event to reach the sink')
  held.decide(true)
  await slack.socket.waitFor((c) => c.body.envelope_id === later)
  expect(slack.socket.of('ack').map((c) => c.body.envelope_id)).toEqual([kept, later])
  run.abort()
  await running
})
