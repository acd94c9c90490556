import { afterEach, expect, test } from 'bun:test'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ENTRY, spawnGateway, tempStateDir, type SpawnedGateway } from '../helpers/gateway.ts'

let stateDir: string
let gateway: SpawnedGateway | undefined

afterEach(async () => {
  gateway?.proc.kill()
  await gateway?.proc.exited
  gateway = undefined
  rmSync(stateDir, { recursive: true, force: true })
})

function freePort(): number {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
  const port = probe.port
  probe.stop(true)
  return port
}

/** Runs `openclaw config …` against this state dir; `url` is where a gateway may (or may not) answer. */
async function cli(args: string[], url: string, token = 'cli-token') {
  const proc = Bun.spawn([process.execPath, ENTRY, 'config', ...args], {
    env: {
      ...process.env, OPENCLAW_STATE_DIR: stateDir, OPENCLAW_CONFIG_PATH: join(stateDir, 'openclaw.json'),
      OPENCLAW_GATEWAY_URL: url, OPENCLAW_GATEWAY_TOKEN: token,
    },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited])
  return { stdout, stderr, code }
}

test('without a running gateway: set, get, unset and validate work on the file', async () => {
  stateDir = tempStateDir()
  const nobody = `ws://127.0.0.1:${freePort()}`
  const path = join(stateDir, 'openclaw.json')
  writeFileSync(path, '{ models: { providers: { local: { baseUrl: "http://127.0.0.1:9", apiKey: "sk-local-secret" } } } }')
  expect((await cli(['set', 'agents.defaults.heartbeat.every', '45m'], nobody)).code).toBe(0)
  expect((await cli(['set', 'gateway.port', '19001'], nobody)).code).toBe(0)
  const onDisk = JSON.parse(readFileSync(path, 'utf8'))
  expect(onDisk).toMatchObject({ gateway: { port: 19001 }, agents: { defaults: { heartbeat: { every: '45m' } } } })
  expect(onDisk.models.providers.local.apiKey).toBe('sk-local-secret')

  expect((await cli(['get', 'gateway.port'], nobody)).stdout).toBe('19001\n')
  // Secrets never print.
  expect((await cli(['get', 'models.providers.local', '--json'], nobody)).stdout).toContain('__OPENCLAW_REDACTED__')
  expect((await cli(['get', 'session.dmScope'], nobody)).code).toBe(1)

  expect((await cli(['unset', 'gateway.port'], nobody)).code).toBe(0)
  expect(JSON.parse(readFileSync(path, 'utf8')).gateway).toEqual({})

  const bad = await cli(['set', 'session.dmScope', 'sideways'], nobody)
  expect(bad.code).toBe(78)
  expect(bad.stderr).toContain('session.dmScope')
  expect((await cli(['validate'], nobody)).stdout).toContain('Config valid')
  writeFileSync(path, '{ gateway: { port: "x" }, session: { dmScope: "sideways" } }')
  const invalid = await cli(['validate', '--json'], nobody)
  expect(invalid.code).toBe(1)
  expect(JSON.parse(invalid.stdout).issues.map((i: { path: string }) => i.path).sort()).toEqual(['gateway.port', 'session.dmScope'])
}, 30_000)

test('with a running gateway: the edit goes through it and applies at once', async () => {
  stateDir = tempStateDir()
  writeFileSync(join(stateDir, 'openclaw.json'), '{ gateway: { auth: { token: "cli-token" } }, models: { providers: { p: { baseUrl: "http://127.0.0.1:9", apiKey: "sk-kept-secret" } } } }')
  gateway = await spawnGateway({ stateDir, args: [] })
  const set = await cli(['set', 'agents.defaults.heartbeat.every', '45m'], gateway.url)
  expect(set).toMatchObject({ code: 0, stdout: expect.stringContaining('applied by the running gateway') })
  const file = JSON.parse(readFileSync(join(stateDir, 'openclaw.json'), 'utf8'))
  expect(file.agents.defaults.heartbeat.every).toBe('45m')
  // The secret the gateway only showed redacted is kept on disk.
  expect(file.models.providers.p.apiKey).toBe('sk-kept-secret')
  expect((await cli(['get', 'agents.defaults.heartbeat.every'], gateway.url)).stdout).toBe('45m\n')
}, 30_000)
