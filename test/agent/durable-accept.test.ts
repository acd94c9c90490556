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
  again.close()
}, 30_000)
