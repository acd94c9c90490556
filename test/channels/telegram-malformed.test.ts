/**
 * Malformed Bot API input is contained at the Telegram account's boundary: the gateway stays up, the
 * account recovers (a broken getUpdates answer restarts its poll with backoff) and the next good
 * message is answered by the real agent.
 */
import { afterEach, beforeEach, expect, test } from 'bun:test'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { waitForAccount } from '../helpers/channel-status.ts'
import { startChannelAgentGateway, type ChannelAgentGateway } from '../helpers/agent.ts'

let tg: FakeTelegram
let env: ChannelAgentGateway

beforeEach(async () => {
  tg = new FakeTelegram().start()
  env = await startChannelAgentGateway({ telegram: { botToken: '123:TEST', apiRoot: tg.url, dmPolicy: 'open', allowFrom: ['*'] } } as never)
  await waitForAccount(env.client, 'telegram', (a) => a.connected)
})
afterEach(async () => {
  await env.stop()
  tg.stop()
})

test('null, mistyped and unknown updates are dropped; the next good message gets the agent\'s reply', async () => {
  tg.pushRawUpdates(
    null, 'not an update', 42, [],
    { update_id: 'seven', message: { text: 'id is a string' } },
    { update_id: 9001, message: null },
    { update_id: 9002, message: { message_id: 'x', chat: 5, from: null, text: { not: 'text' } } },
    { update_id: 9003, message: { message_id: 1, chat: { id: 77, type: 'private' }, from: { id: 77 }, text: 'hi', entities: [null, { offset: 'a' }] } },
    { update_id: 9004, brand_new_update_kind: { anything: true } },
    { update_id: 9005, message: { message_id: 2, chat: { id: 78, type: 'private' }, from: { id: 78 }, text: 'x'.repeat(3 * 1024 * 1024) } },
  )
  tg.pushText('are you still there?', { fromId: 4242 })
  await tg.recorder.waitFor((c) => c.method === 'sendMessage' && String(c.body.chat_id) === '4242', 10_000)
  expect(tg.sent(4242)).toEqual(['pong'])
  expect(env.model.requests.some((r) => r.body.messages.at(-1).content === 'are you still there?')).toBe(true)
  const account = await waitForAccount(env.client, 'telegram', (a) => a.faults >= 1)
  expect(account).toMatchObject({ connected: true, running: true })
}, 20_000)

test('a getUpdates answer that is not JSON, or has the wrong shape, restarts the poll; the next message is answered', async () => {
  tg.answerRawNext('getUpdates', '<html>502 Bad Gateway</html>')
  await tg.recorder.waitFor((c) => c.method === 'getUpdates:raw')
  tg.answerRawNext('getUpdates', JSON.stringify({ ok: true, result: { not: 'an array' } }))
  await tg.recorder.waitFor((c) => c.method === 'getUpdates:raw' && c !== tg.recorder.of('getUpdates:raw')[0])
  tg.pushText('and now?', { fromId: 4343 })
  await tg.recorder.waitFor((c) => c.method === 'sendMessage' && String(c.body.chat_id) === '4343', 15_000)
  expect(tg.sent(4343)).toEqual(['pong'])
  expect(await waitForAccount(env.client, 'telegram', (a) => a.connected)).toMatchObject({ running: true })
}, 20_000)
