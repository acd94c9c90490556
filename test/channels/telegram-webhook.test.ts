import { afterEach, beforeEach, expect, test } from 'bun:test'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { messagesSeen, startChannelGateway, type ChannelGateway } from '../helpers/agent.ts'

let tg: FakeTelegram
let gw: ChannelGateway

beforeEach(async () => {
  tg = new FakeTelegram().start()
  gw = await startChannelGateway({ telegram: { botToken: '1:W', apiRoot: tg.url, webhookUrl: 'https://gateway.example/tg-hook', webhookSecret: 'hook-secret', webhookPath: '/tg-hook', dmPolicy: 'open', allowFrom: ['*'] } })
})
afterEach(async () => {
  await gw.stop()
  tg.stop()
})

const update = (text: string) => JSON.stringify({
  update_id: 1, message: { message_id: 5, date: 1, chat: { id: 77, type: 'private' }, from: { id: 77, is_bot: false, first_name: 'Web' }, text },
})

test('webhook mode: setWebhook with the secret, updates posted to the gateway port are answered', async () => {
  const set = await tg.recorder.waitFor((c) => c.method === 'setWebhook')
  expect(set.body).toMatchObject({ url: 'https://gateway.example/tg-hook', secret_token: 'hook-secret' })
  expect(tg.polls).toBe(0)
  const url = `http://127.0.0.1:${gw.port}/tg-hook`
  const wrong = await fetch(url, { method: 'POST', body: update('x'), headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'nope' } })
  expect(wrong.status).toBe(401)
  const ok = await fetch(url, { method: 'POST', body: update('via webhook'), headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'hook-secret' } })
  expect(ok.status).toBe(200)
  await tg.recorder.waitFor((c) => c.method === 'sendMessage')
  expect(tg.sent('77')).toEqual(['echo: via webhook'])
  expect(messagesSeen(gw)).toEqual(['via webhook'])
})

test('without webhookSecret a secret is generated and given to Telegram; a forged update without it is refused', async () => {
  const tg2 = new FakeTelegram().start()
  const gw2 = await startChannelGateway({ telegram: { botToken: '2:W', apiRoot: tg2.url, webhookUrl: 'https://gateway.example/tg-open', webhookPath: '/tg-open', dmPolicy: 'open', allowFrom: ['*'] } })
  try {
    const set = await tg2.recorder.waitFor((c) => c.method === 'setWebhook')
    const secret = set.body.secret_token as string
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,256}$/)
    const url = `http://127.0.0.1:${gw2.port}/tg-open`
    const forged = await fetch(url, { method: 'POST', body: update('forged'), headers: { 'content-type': 'application/json' } })
    expect(forged.status).toBe(401)
    const ok = await fetch(url, { method: 'POST', body: update('genuine'), headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret } })
    expect(ok.status).toBe(200)
    await tg2.recorder.waitFor((c) => c.method === 'sendMessage')
    expect(messagesSeen(gw2)).toEqual(['genuine'])
  } finally {
    await gw2.stop()
    tg2.stop()
  }
})

test('webhook mode: malformed updates with the right secret are answered without a 5xx; the next good one is answered', async () => {
  await tg.recorder.waitFor((c) => c.method === 'setWebhook')
  const url = `http://127.0.0.1:${gw.port}/tg-hook`
  const post = (body: string) => fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'hook-secret' } })
  for (const body of [
    'not json',
    'null',
    JSON.stringify({ update_id: 2, message: null }),
    JSON.stringify({ update_id: 3, message: { message_id: 1, chat: { id: 77, type: 'private' }, from: { id: 77 }, text: 'x', entities: [null] } }),
    JSON.stringify({ update_id: 4, brand_new_update_kind: {} }),
  ]) {
    const res = await post(body)
    expect(res.status).toBeLessThan(500)
  }
  expect((await post(update('after the bad ones'))).status).toBe(200)
  await tg.recorder.waitFor((c) => c.method === 'sendMessage')
  expect(tg.sent('77')).toEqual(['echo: after the bad ones'])
})
