import { afterEach, expect, test } from 'bun:test'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { agentConfig, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'
import { TestClient } from '../helpers/client.ts'
import { spawnGateway, tempStateDir, type SpawnedGateway } from '../helpers/gateway.ts'

const TOKEN = 'durable-token'
let fake: FakeModelServer | undefined
let gateway: SpawnedGateway | undefined
let dir: string | undefined
afterEach(async () => {
  gateway?.proc.kill('SIGKILL')
  await fake?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
  fake = gateway = dir = undefined
})

test('a chat.send acknowledged while it waits behind another run survives kill -9 and runs after restart', async () => {
  fake = startFakeModelServer('openai')
  fake.script({ kind: 'hang' }) // the first run never finishes, so the second waits in the queue
  dir = tempStateDir()
  writeFileSync(join(dir, 'openclaw.json'), JSON.stringify(agentConfig(fake)))
  gateway = await spawnGateway({ stateDir: dir, args: ['--token', TOKEN] })
  const c = await TestClient.connect(gateway.url, { token: TOKEN })
  expect((await c.call('chat.send', { sessionKey: 'main', message: 'first', idempotencyKey: 'run-a' })).status).toBe('started')
  for (let i = 0; i < 200 && fake.requests.length === 0; i++) await Bun.sleep(10) // run-a holds the model
  expect((await c.call('chat.send', { sessionKey: 'main', message: 'second, acknowledged', idempotencyKey: 'run-b' })).status).toBe('started')
  // Input in another session after run-b's: it stays the latest interaction, the resumed run-b is not a new one.
  await Bun.sleep(2) // a later millisecond than run-a's acceptance (a tie would be broken by key)
  const other = await c.call('chat.send', { sessionKey: 'other', message: 'later input', idempotencyKey: 'run-c' })
  await c.waitFor((f) => f.event === 'chat' && f.payload.runId === other.runId && f.payload.state === 'final', 10_000)

  gateway.proc.kill('SIGKILL')
  await gateway.proc.exited
  gateway = await spawnGateway({ stateDir: dir, args: ['--token', TOKEN] })
  expect(gateway.output()).toContain('resuming 1 accepted run')
  const again = await TestClient.connect(gateway.url, { token: TOKEN })
  // The resumed run may finish before we connect: read the transcript until its reply is there.
  let texts: string[] = []
  for (let i = 0; i < 100 && !texts.includes('assistant:pong'); i++) {
    const history = await again.call('chat.history', { sessionKey: 'main' })
    texts = history.messages.map((m: { role: string; content: { text: string }[] }) => `${m.role}:${m.content[0]?.text}`)
    await Bun.sleep(50)
  }
  expect(texts).toContain('user:second, acknowledged')
  expect(texts).toContain('assistant:pong')
  expect(texts.indexOf('user:second, acknowledged')).toBeLessThan(texts.indexOf('assistant:pong'))
  const byInput = await again.call('sessions.list', { sortBy: 'lastInteractionAt' })
  expect(byInput.sessions.map((s: { key: string }) => s.key)).toEqual(['agent:main:other', 'agent:main:main'])
  again.close()
}, 30_000)

test('under concurrent load on several connections, every acknowledged chat.send survives kill -9 (group commit)', async () => {
  fake = startFakeModelServer('openai') // answers at once: runs finish, stream and queue while the kill lands
  dir = tempStateDir()
  writeFileSync(join(dir, 'openclaw.json'), JSON.stringify(agentConfig(fake)))
  gateway = await spawnGateway({ stateDir: dir, args: ['--token', TOKEN] })
  const clients = await Promise.all(Array.from({ length: 5 }, () => TestClient.connect(gateway!.url, { token: TOKEN })))
  const RUNS = 300
  const SESSIONS = 20 // several runs per session: some run, some wait in the inbox when the kill lands
  const acknowledged: number[] = []
  let acked!: () => void
  const enough = new Promise<void>((resolve) => (acked = resolve))
  for (let i = 0; i < RUNS; i++) {
    void clients[i % clients.length]!.request('chat.send', { sessionKey: `load-${i % SESSIONS}`, message: `load ${i}`, idempotencyKey: `load-${i}` }, `load-${i}`)
      .then((res) => {
        if (res.ok && res.payload.status === 'started') acknowledged.push(i)
        if (acknowledged.length === RUNS / 3) acked()
      }, () => {})
  }
  await enough // a third acknowledged, the rest still arriving, committing or running
  gateway.proc.kill('SIGKILL')
  await gateway.proc.exited
  const seen = [...acknowledged]
  for (const c of clients) c.close()

  gateway = await spawnGateway({ stateDir: dir, args: ['--token', TOKEN] })
  const again = await TestClient.connect(gateway.url, { token: TOKEN })
  const missing = async () => {
    const texts = new Set<string>()
    for (let s = 0; s < SESSIONS; s++) {
      const history = await again.call('chat.history', { sessionKey: `load-${s}`, limit: 1000 })
      for (const m of history.messages as { role: string; content: { text: string }[] }[]) if (m.role === 'user') texts.add(m.content[0]!.text)
    }
    again.frames.length = 0
    return seen.filter((i) => !texts.has(`load ${i}`))
  }
  // Runs resumed from the inbox write their message when they start: read until every one is there.
  let lost = await missing()
  for (let i = 0; i < 200 && lost.length > 0; i++) {
    await Bun.sleep(50)
    lost = await missing()
  }
  expect(seen.length).toBeGreaterThanOrEqual(RUNS / 3)
  expect(lost).toEqual([])
  again.close()
}, 60_000)

test('a run shows nothing before the answer that accepts it, though its model request leaves first: the response precedes every event of the run', async () => {
  fake = startFakeModelServer('openai') // answers at once: its reply is back before the accepting commit has synced
  dir = tempStateDir()
  writeFileSync(join(dir, 'openclaw.json'), JSON.stringify(agentConfig(fake)))
  gateway = await spawnGateway({ stateDir: dir, args: ['--token', TOKEN] })
  const c = await TestClient.connect(gateway.url, { token: TOKEN })
  // Arrival order on the socket, as the client reads it.
  const order: string[] = []
  c.ws.addEventListener('message', (ev) => {
    const f = JSON.parse(String(ev.data))
    if (f.type === 'res' && f.payload?.runId) order.push(`res ${f.payload.runId}`)
    else if (f.type === 'event' && f.payload?.runId) order.push(`event ${f.payload.runId}`)
  })
  const runs = Array.from({ length: 12 }, (_, i) => `order-${i}`)
  for (const [i, runId] of runs.entries()) {
    expect((await c.call('chat.send', { sessionKey: `order-${i % 3}`, message: 'hi', idempotencyKey: runId })).status).toBe('started')
    await c.waitFor((f) => f.event === 'chat' && f.payload.runId === runId && f.payload.state === 'final', 10_000)
  }
  expect(fake.requests).toHaveLength(runs.length)
  for (const runId of runs) {
    const seen = order.filter((o) => o.endsWith(` ${runId}`))
    expect(seen[0]).toBe(`res ${runId}`)
    expect(seen.length).toBeGreaterThan(2)
  }
  c.close()
}, 30_000)
