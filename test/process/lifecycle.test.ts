import { afterEach, describe, expect, test } from 'bun:test'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { TestClient } from '../helpers/client.ts'
import { ENTRY, exitWithin, spawnGateway, tempStateDir, type SpawnedGateway } from '../helpers/gateway.ts'

const TOKEN = 'proc-token'
const spawned: SpawnedGateway[] = []
const dirs: string[] = []
afterEach(() => {
  for (const g of spawned.splice(0)) g.proc.kill('SIGKILL')
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function stateDir() {
  const d = tempStateDir()
  dirs.push(d)
  return d
}

async function start(dir: string, args: string[] = ['--token', TOKEN]) {
  const g = await spawnGateway({ stateDir: dir, args })
  spawned.push(g)
  return g
}

function runCli(args: string[], env: Record<string, string> = {}) {
  const proc = Bun.spawnSync([process.execPath, ENTRY, ...args], { env: { ...process.env, OPENCLAW_LOG_LEVEL: '3', ...env }, stdout: 'pipe', stderr: 'pipe' })
  return { code: proc.exitCode, stdout: proc.stdout.toString(), stderr: proc.stderr.toString() }
}

describe('process lifecycle', () => {
  test('SIGTERM: clients get a shutdown event, then close 1012, and the process exits 0 within 2 s', async () => {
    const g = await start(stateDir())
    const c = await TestClient.connect(g.url, { token: TOKEN })
    const started = Date.now()
    g.proc.kill('SIGTERM')
    const ev = await c.event('shutdown')
    expect(ev.payload).toEqual({ reason: 'gateway stopping' })
    expect(await c.closed).toEqual({ code: 1012, reason: 'service restart' })
    expect(await exitWithin(g.proc, 2000)).toBe(0)
    expect(Date.now() - started).toBeLessThan(2500)
  })

  // Three daemons one after another (each re-executes once to hide --token): more than the default 5 s on a loaded machine.
  test('a second gateway on the same state dir refuses to start; a killed one leaves no blocking lock', async () => {
    const dir = stateDir()
    const first = await start(dir)
    const second = Bun.spawn([process.execPath, ENTRY, 'gateway', 'run', '--port', '0', '--token', TOKEN], {
      env: { ...process.env, OPENCLAW_STATE_DIR: dir }, stdout: 'pipe', stderr: 'pipe',
    })
    expect(await exitWithin(second, 10_000)).toBe(1)
    expect(await new Response(second.stderr).text()).toContain(`gateway already running (pid ${first.proc.pid})`)
    first.proc.kill('SIGKILL')
    await first.proc.exited
    const third = await start(dir)
    const c = await TestClient.connect(third.url, { token: TOKEN })
    expect(c.hello?.type).toBe('hello-ok')
    c.close()
  }, 20_000)

  test('an invalid config file stops the gateway with exit 78, the path and every problem', async () => {
    const dir = stateDir()
    const path = join(dir, 'openclaw.json')
    writeFileSync(path, `{ gateway: { port: "eighty", bind: "moon", auth: { mode: "token", token: 5 } }, // json5\n }`)
    const r = runCli(['gateway', 'run', '--token', TOKEN], { OPENCLAW_STATE_DIR: dir, OPENCLAW_CONFIG_PATH: path })
    expect(r.code).toBe(78)
    expect(r.stderr).toContain(path)
    for (const key of ['gateway.port', 'gateway.bind', 'gateway.auth.token']) expect(r.stderr).toContain(key)
    expect(r.stderr).not.toContain('    at ') // no stack trace
  })

  test('unsupported keys are warned about, not fatal; flags beat the file', async () => {
    const dir = stateDir()
    writeFileSync(join(dir, 'openclaw.json'), JSON.stringify({ gateway: { port: 1, auth: { token: 'from-file' }, someFutureKey: true }, wizard: {} }))
    const g = await start(dir, ['--token', TOKEN])
    expect(g.output()).toContain('"gateway.someFutureKey" is not supported')
    expect(g.output()).toContain('"wizard" is not supported')
    const c = await TestClient.connect(g.url, { token: TOKEN })
    expect(c.hello?.type).toBe('hello-ok')
    c.close()
  })

  test('without any credential configured the gateway explains how to set one', () => {
    const r = runCli(['gateway', 'run', '--port', '0'], { OPENCLAW_STATE_DIR: stateDir(), OPENCLAW_GATEWAY_TOKEN: '' })
    expect(r.code).toBe(78)
    expect(r.stderr).toContain('--token')
  })

  test('a port in use is a one-line error', async () => {
    const blocker = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('x') })
    const port = blocker.port
    const r = runCli(['gateway', 'run', '--port', String(port), '--token', TOKEN], { OPENCLAW_STATE_DIR: stateDir() })
    blocker.stop(true)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`port ${port} is already in use`)
  })
})

describe('CLI against a running gateway', () => {
  // A daemon and half a dozen CLI processes: more than the default 5 s on a loaded machine.
  test('gateway call prints JSON; exit codes say what went wrong', async () => {
    const g = await start(stateDir())
    const ok = runCli(['gateway', 'call', 'health', '--url', g.url, '--token', TOKEN, '--json'])
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout).ok).toBe(true)
    const params = runCli(['gateway', 'call', 'set-heartbeats', '--params', '{"enabled":false}', '--url', g.url, '--token', TOKEN])
    expect(JSON.parse(params.stdout)).toEqual({ ok: true, enabled: false })
    const denied = runCli(['gateway', 'call', 'health', '--url', g.url, '--token', 'wrong'])
    expect(denied.code).toBe(4)
    expect(denied.stderr).toContain('AUTH_TOKEN_MISMATCH')
    const failed = runCli(['gateway', 'call', 'no.such', '--url', g.url, '--token', TOKEN])
    expect(failed.code).toBe(1)
    const badJson = runCli(['gateway', 'call', 'health', '--params', '{nope', '--url', g.url, '--token', TOKEN])
    expect(badJson.code).toBe(2)
    const health = runCli(['gateway', 'health', '--url', g.url, '--token', TOKEN])
    expect(health.stdout).toContain('Gateway OK')
    const status = runCli(['status', '--url', g.url, '--token', TOKEN])
    expect(status.stdout).toContain(`pid ${g.proc.pid}`)
    // Started with `--port 0`: the port it is bound to, not the 0 it was given.
    expect(status.stdout).toContain(`port ${g.port} `)
  }, 20_000)

  test('nothing listening: exit 3 with a clear line', async () => {
    const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('x') })
    const port = probe.port
    probe.stop(true)
    const r = runCli(['gateway', 'call', 'health', '--url', `ws://127.0.0.1:${port}`, '--token', TOKEN])
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('is it running?')
  })
})
