/** Secrets given on the command line do not stay readable in /proc/PID/cmdline (world-readable), for source and binary alike. */
import { afterEach, expect, test } from 'bun:test'
import { readFileSync, rmSync } from 'node:fs'
import { TestClient } from '../helpers/client.ts'
import { spawnGateway, tempStateDir, type SpawnedGateway } from '../helpers/gateway.ts'

const spawned: SpawnedGateway[] = []
const dirs: string[] = []
afterEach(() => {
  for (const g of spawned.splice(0)) g.proc.kill('SIGKILL')
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')

test.skipIf(process.platform !== 'linux')('gateway run --token: the value is not in /proc/PID/cmdline, and the token still works', async () => {
  const dir = tempStateDir()
  dirs.push(dir)
  const secret = 'cmdline-secret-4f9a'
  const g = await spawnGateway({ stateDir: dir, args: ['--token', secret] })
  spawned.push(g)
  const argv = cmdline(g.proc.pid)
  expect(argv).toContain('gateway')
  expect(argv.join(' ')).not.toContain(secret)
  expect(argv).not.toContain('--token')
  const c = await TestClient.connect(g.url, { token: secret })
  expect((await c.call('health', {})).ok).toBe(true)
  c.close()
  const wrong = await TestClient.connect(g.url, { token: 'wrong' })
  expect(wrong.hello).toBeUndefined()
  wrong.close()
})

test.skipIf(process.platform !== 'linux')('gateway run --password=…: masked the same way', async () => {
  const dir = tempStateDir()
  dirs.push(dir)
  const g = await spawnGateway({ stateDir: dir, args: ['--auth', 'password', '--password=pw-secret-77'] })
  spawned.push(g)
  expect(cmdline(g.proc.pid).join(' ')).not.toContain('pw-secret-77')
  const c = await TestClient.connect(g.url, { password: 'pw-secret-77' })
  expect((await c.call('health', {})).ok).toBe(true)
  c.close()
})
