import { afterEach, beforeEach, expect, test } from 'bun:test'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { TestClient } from '../helpers/client.ts'
import { messagesSeen, startChannelGateway, type ChannelGateway } from '../helpers/agent.ts'
import { ENTRY } from '../helpers/gateway.ts'

let tg: FakeTelegram
let gw: ChannelGateway

beforeEach(async () => {
  tg = new FakeTelegram().start()
  gw = await startChannelGateway({ telegram: { botToken: '1:T', apiRoot: tg.url } })
})
afterEach(async () => {
  await gw.stop()
  tg.stop()
})

async function cli(...args: string[]) {
  const proc = Bun.spawn([process.execPath, ENTRY, ...args, '--url', gw.url, '--token', gw.token], {
    stdout: 'pipe', stderr: 'pipe', env: { ...process.env, OPENCLAW_STATE_DIR: gw.stateDir, OPENCLAW_CONFIG_PATH: `${gw.stateDir}/none.json` },
  })
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited])
  return { stdout, stderr, code }
}

test('stranger → code → not processed → approved with the CLI → processed', async () => {
  tg.pushText('hi, who are you?', { fromId: 31337 })
  const codeMsg = await tg.recorder.waitFor((c) => c.method === 'sendMessage')
  const code = codeMsg.body.text.match(/Pairing code: ([A-Z2-9]{8})/)?.[1]
  expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/)
  expect(codeMsg.body.chat_id).toBe('31337')

  // Further messages are held back and do not re-send the code.
  await tg.handled(tg.pushText('hello??', { fromId: 31337 }))
  expect(gw.fake.requests).toEqual([])
  expect(tg.sent()).toHaveLength(1)

  const listed = await cli('pairing', 'list', 'telegram', '--json')
  expect(listed.code).toBe(0)
  expect(JSON.parse(listed.stdout).requests).toMatchObject([{ code, channel: 'telegram', accountId: 'default', senderId: '31337' }])

  const approved = await cli('pairing', 'approve', 'telegram', code!.toLowerCase(), '--notify')
  expect(approved.code).toBe(0)
  expect(approved.stdout).toContain('31337')
  await tg.recorder.waitFor((c) => c.method === 'sendMessage' && /approved/.test(c.body.text))

  tg.pushText('now?', { fromId: 31337 })
  await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.text === 'echo: now?')
  expect(messagesSeen(gw)).toEqual(['now?'])

  const again = await cli('pairing', 'approve', 'telegram', code!)
  expect(again.code).toBe(1)
  expect(again.stderr).toContain('PAIRING_NOT_FOUND')
})

test('at most three pending requests per account; the v4 names list and approve by request id', async () => {
  const updates = [1, 2, 3, 4].map((id) => tg.pushText('hi', { fromId: id }))
  await tg.handled(Math.max(...updates))
  expect(tg.recorder.of('sendMessage').map((c) => c.body.chat_id).sort()).toEqual(['1', '2', '3'])

  const client = await TestClient.connect(gw.url, { token: gw.token })
  const list = await client.call('channels.pairing.list', { channel: 'telegram' })
  expect(list.limits).toEqual({ pendingPerAccount: 3, ttlMs: 3_600_000 })
  expect(list.requests).toHaveLength(3)
  expect(list.requests[0].code).toBeUndefined()
  const first = list.requests[0]
  const res = await client.call('channels.pairing.approve', { channel: 'telegram', accountId: 'default', requestId: first.requestId })
  expect(res).toMatchObject({ requestId: first.requestId, senderId: first.senderId, notification: 'not-requested' })
  const bad = await client.request('channels.pairing.approve', { channel: 'telegram', accountId: 'default', requestId: first.requestId })
  expect(bad.error.code).toBe('INVALID_REQUEST')
  client.close()
})
