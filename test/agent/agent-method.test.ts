import { afterEach, expect, test } from 'bun:test'
import type { TestClient } from '../helpers/client.ts'
import type { TestGateway } from '../helpers/gateway.ts'
import { lifecycleEnded, operator, runEvents, startAgentGateway, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'

let gw: TestGateway
let fake: FakeModelServer
let c: TestClient
afterEach(async () => {
  c?.close()
  await gw?.stop()
  await fake?.stop()
})

async function setup(delayMs?: number) {
  fake = startFakeModelServer('openai', { delayMs })
  gw = await startAgentGateway({ fake })
  c = await operator(gw)
}

test('agent answers twice on one request id: accepted, then the final result', async () => {
  await setup()
  // The second piece once the first is out (pieces arriving together are one).
  const firstOut = () => c.waitFor((f) => f.event === 'chat' && f.payload.runId === 'run-1' && f.payload.state === 'delta')
  fake.script({ kind: 'text', chunks: ['Hello', ' there'], gate: firstOut })
  const ack = await c.request('agent', { message: 'hi', idempotencyKey: 'run-1' }, 'req-1')
  expect(ack.payload).toMatchObject({ runId: 'run-1', sessionKey: 'agent:main:main', agentId: 'main', status: 'accepted' })
  expect(typeof ack.payload.acceptedAt).toBe('number')
  const final = await c.waitFor((f) => f.type === 'res' && f.id === 'req-1')
  expect(final.ok).toBe(true)
  expect(final.payload).toMatchObject({ runId: 'run-1', status: 'ok', summary: 'completed', result: { payloads: [{ text: 'Hello there' }] } })
  const events = await runEvents(c, 'run-1', lifecycleEnded)
  const agentEvents = events.filter((f) => f.event === 'agent')
  expect(agentEvents.map((f) => f.payload.stream)).toEqual(['lifecycle', 'assistant', 'assistant', 'lifecycle'])
  expect(agentEvents[1]!.payload.data).toEqual({ text: 'Hello', delta: 'Hello' })
  expect(agentEvents[2]!.payload.data).toEqual({ text: 'Hello there', delta: ' there' })
  // One counter per run: the chat deltas take 3 and 5, the chat final 7.
  expect(agentEvents.map((f) => f.payload.seq)).toEqual([1, 2, 4, 6])
})

test('a duplicate agent request in flight gets in_flight; after the end, the final is replayed', async () => {
  await setup(40)
  fake.script({ kind: 'text', chunks: ['a', 'b', 'c'] })
  c.request('agent', { message: 'hi', idempotencyKey: 'same' }, 'first')
  await c.waitFor((f) => f.type === 'res' && f.id === 'first')
  const dup = await c.request('agent', { message: 'hi', idempotencyKey: 'same' }, 'second')
  expect(dup.payload).toEqual({ runId: 'same', status: 'in_flight' })
  const final = await c.waitFor((f) => f.type === 'res' && f.id === 'first')
  const replay = await c.request('agent', { message: 'hi', idempotencyKey: 'same' }, 'third')
  expect(replay.payload).toEqual(final.payload)
  expect(fake.requests.length).toBe(1)
})

test('agent.wait returns the outcome, or timeout for a run that does not end', async () => {
  await setup()
  fake.script({ kind: 'text', chunks: ['x'] })
  c.request('agent', { message: 'hi', idempotencyKey: 'w1' }, 'w1')
  expect(await c.call('agent.wait', { runId: 'w1', timeoutMs: 5000 })).toMatchObject({ runId: 'w1', status: 'ok', stopReason: 'stop' })
  expect(await c.call('agent.wait', { runId: 'never', timeoutMs: 50 })).toEqual({ runId: 'never', status: 'timeout' })
})

test('/new needs operator.admin and starts a fresh transcript', async () => {
  await setup()
  await c.call('chat.send', { sessionKey: 'main', message: 'remember me', idempotencyKey: 'n1' })
  await c.call('agent.wait', { runId: 'n1', timeoutMs: 5000 })
  const writer = await (await import('../helpers/client.ts')).TestClient.connect(gw.url, { token: gw.token, scopes: ['operator.write'] })
  const refused = await writer.request('agent', { message: '/new', idempotencyKey: 'n2' })
  expect(refused.error.details.code).toBe('MISSING_SCOPE')
  writer.close()
  c.request('agent', { message: '/new', idempotencyKey: 'n3' }, 'n3')
  await c.waitFor((f) => f.type === 'res' && f.id === 'n3' && f.payload.status === 'ok')
  expect((await c.call('chat.history', { sessionKey: 'main' })).messages).toEqual([])
})

test('an unknown provider override is INVALID_REQUEST', async () => {
  await setup()
  const res = await c.request('agent', { message: 'hi', idempotencyKey: 'p1', provider: 'nope', model: 'x' })
  expect(res.ok).toBe(false)
  expect(res.error.code).toBe('INVALID_REQUEST')
})
