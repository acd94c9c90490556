/**
 * Malformed `imsg rpc` output is contained at the iMessage account's boundary: the gateway stays up,
 * the account keeps running, and the next good message is answered by the real agent.
 */
import { afterEach, beforeAll, beforeEach, expect, test } from 'bun:test'
import { join } from 'node:path'
import { FakeImsg, IMSG_ENV } from '../fakes/imsg.ts'
import { waitForAccount } from '../helpers/channel-status.ts'
import { startChannelAgentGateway, type ChannelAgentGateway } from '../helpers/agent.ts'
import { putBunOnPath } from '../helpers/exec-path.ts'

const FAKE_IMSG = join(import.meta.dir, '..', 'fakes', 'fake-imsg.ts')
let imsg: FakeImsg
let env: ChannelAgentGateway

beforeAll(putBunOnPath)
beforeEach(async () => {
  imsg = new FakeImsg().start()
  process.env[IMSG_ENV] = imsg.controlUrl
  env = await startChannelAgentGateway({ imessage: { cliPath: FAKE_IMSG, dmPolicy: 'open', allowFrom: ['*'] } } as never)
  await imsg.waitForSubscribed(1)
  await waitForAccount(env.client, 'imessage', (a) => a.connected)
})
afterEach(async () => {
  await env.stop()
  delete process.env[IMSG_ENV]
  imsg.stop()
})

const rpc = (method: string, params: unknown) => JSON.stringify({ jsonrpc: '2.0', method, params })

test('null, mistyped, unknown, non-JSON and overlong lines are dropped; the next message gets the agent\'s reply', async () => {
  imsg.pushRaw('this is not json')
  imsg.pushRaw('null')
  imsg.pushRaw('[1, 2, 3]')
  imsg.pushRaw(JSON.stringify({ jsonrpc: '2.0', id: 999, result: 'nobody asked' }))
  imsg.pushRaw(rpc('message', null))
  imsg.pushRaw(rpc('message', { message: null }))
  imsg.pushRaw(rpc('message', { message: { id: 'x', chat_id: { a: 1 }, sender: 5, text: ['t'], attachments: 'none', participants: null } }))
  imsg.pushRaw(rpc('a.brand.new.notification', { anything: true }))
  imsg.pushRaw('x'.repeat(2 * 1024 * 1024))
  imsg.pushMessage({ text: 'are you still there?' })
  const sent = await imsg.recorder.waitFor((c) => c.method === 'send', 10_000)
  expect(sent.body).toEqual({ chat_id: 7, text: 'pong' })
  expect(env.model.requests.some((r) => r.body.messages.at(-1).content === 'are you still there?')).toBe(true)
  const account = await waitForAccount(env.client, 'imessage', (a) => a.faults >= 4)
  expect(account).toMatchObject({ connected: true, running: true })
  expect(imsg.spawned).toBe(1)
}, 20_000)
