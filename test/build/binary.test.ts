import { afterAll, expect, test } from 'bun:test'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { TestClient } from '../helpers/client.ts'
import { compiledBinary } from '../helpers/binary.ts'
import { exitWithin, spawnGateway, tempStateDir } from '../helpers/gateway.ts'

const dir = tempStateDir()
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('bun build --compile makes one binary (and nothing beside it) that starts and answers health', async () => {
  const binary = await compiledBinary()
  expect(readdirSync(dirname(binary))).toEqual(['openclaw'])
  expect(Bun.spawnSync([binary, '--version']).stdout.toString().trim()).toMatch(/^\d+\.\d+\.\d+/)
  const g = await spawnGateway({ binary, stateDir: join(dir, 'state'), args: ['--token', 'bin-token'] })
  // The token left the world-readable command line (src/cli/hide-secret-args.ts); the binary re-executes itself.
  if (process.platform === 'linux') expect(readFileSync(`/proc/${g.proc.pid}/cmdline`, 'utf8').split('\0')).toEqual([binary, 'gateway', 'run', '--port', '0', ''])
  const c = await TestClient.connect(g.url, { token: 'bin-token' })
  expect((await c.call('health')).ok).toBe(true)
  c.close()
  g.proc.kill('SIGTERM')
  expect(await exitWithin(g.proc, 3000)).toBe(0)
}, 180_000)
