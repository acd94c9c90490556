import { afterEach, expect, test } from 'bun:test'
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { TestClient, type Frame } from '../helpers/client.ts'
import { ENTRY, tempStateDir } from '../helpers/gateway.ts'

const ATOMIC_WRITE = join(import.meta.dir, '..', '..', 'src', 'platform', 'atomic-file.ts')
const procs: ReturnType<typeof Bun.spawn>[] = []
const dirs: string[] = []

afterEach(() => {
  for (const p of procs.splice(0)) p.kill(9)
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function freePort(): number {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
  const port = probe.port
  probe.stop(true)
  return port
}

/** Reads a child's output as it comes, and resolves when a line matches. */
function watchOutput(proc: ReturnType<typeof Bun.spawn>) {
  let text = ''
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = []
  const check = () => {
    for (const w of [...waiters]) {
      const m = text.match(w.re)
      if (m) (waiters.splice(waiters.indexOf(w), 1), w.resolve(m))
    }
  }
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder()
    for await (const chunk of stream) (text += decoder.decode(chunk), check())
  }
  void pump(proc.stdout as ReadableStream<Uint8Array>)
  void pump(proc.stderr as ReadableStream<Uint8Array>)
  return {
    text: () => text,
    /** Resolves at the first match after `from` characters of output. */
    waitFor(re: RegExp, from = 0): Promise<RegExpMatchArray> {
      const scoped = new RegExp(`[\\s\\S]{${from}}[\\s\\S]*?(${re.source})`)
      return new Promise((resolve) => {
        waiters.push({ re: scoped, resolve: (m) => resolve(m.slice(1) as RegExpMatchArray) })
        check()
      })
    },
  }
}

/** `gateway run` on a config file of its own, listening on `port`; resolves once it listens. */
async function runOnPort(port: number, token: string) {
  const stateDir = tempStateDir()
  dirs.push(stateDir)
  const path = join(stateDir, 'openclaw.json')
  writeFileSync(path, JSON.stringify({ gateway: { port, auth: { token } } }))
  const proc = Bun.spawn([process.execPath, ENTRY, 'gateway', 'run'], {
    env: { ...process.env, OPENCLAW_STATE_DIR: stateDir, OPENCLAW_CONFIG_PATH: path },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  procs.push(proc)
  const out = watchOutput(proc)
  await out.waitFor(new RegExp(`listening on ws://127\\.0\\.0\\.1:${port}`))
  return { path, proc, out }
}

test('a port change restarts the gateway in place: the config.patch is answered, clients get shutdown, then reconnect on the new port', async () => {
  const [first, second] = [freePort(), freePort()]
  const { proc, out } = await runOnPort(first, 'restart-token')
  const client = await TestClient.connect(`ws://127.0.0.1:${first}`, { token: 'restart-token' })
  const closed = new Promise<number>((resolve) => client.ws.addEventListener('close', (ev) => resolve(ev.code)))
  const mark = out.text().length

  // Moved by a config.patch: the write is answered before the listener goes.
  const { hash } = await client.call('config.get')
  const patched = await client.call('config.patch', { raw: JSON.stringify({ gateway: { port: second } }), baseHash: hash })
  expect(patched).toMatchObject({ ok: true, changedPaths: ['gateway.port'], reloadKind: 'restart' })
  const shutdown: Frame = await client.event('shutdown')
  expect(shutdown.payload).toEqual({ reason: 'config change: gateway.port', restartExpectedMs: expect.any(Number) })
  expect(await closed).toBe(1012)
  await out.waitFor(new RegExp(`listening on ws://127\\.0\\.0\\.1:${second}`), mark)
  const again = await TestClient.connect(`ws://127.0.0.1:${second}`, { token: 'restart-token' })
  expect((await again.call('health')).ok).toBe(true)
  again.close()
  // Same process: restarted in place, not exited.
  expect(proc.exitCode).toBeNull()
}, 20_000)

test('a restart onto a taken port falls back to the running listener, with the new token as a reload would take it', async () => {
  const first = freePort()
  const blocker = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('x') })
  try {
    const { path, out } = await runOnPort(first, 'old-restart-token')
    const mark = out.text().length
    writeFileSync(path, JSON.stringify({ gateway: { port: blocker.port, auth: { token: 'new-restart-token' } } }))
    await out.waitFor(/restart with the new config failed/, mark)
    await out.waitFor(new RegExp(`listening on ws://127\\.0\\.0\\.1:${first}`), mark)
    // The auth mode did not change, so the token is the file's, as when no restart is needed.
    const fresh = await TestClient.connect(`ws://127.0.0.1:${first}`, { token: 'new-restart-token' })
    expect(fresh.hello).toBeDefined()
    fresh.close()
    const stale = await TestClient.open(`ws://127.0.0.1:${first}`)
    expect((await stale.sendConnect({ token: 'old-restart-token' })).ok).toBe(false)
    stale.close()
  } finally {
    blocker.stop(true)
  }
}, 20_000)

test('kill -9 in the middle of config writes leaves the old or the new file, never a torn one', async () => {
  const dir = tempStateDir()
  dirs.push(dir)
  const path = join(dir, 'openclaw.json')
  // Each version is large (several writes' worth) and says how long it should be.
  const writer = `
    import { writeFileAtomic } from ${JSON.stringify(ATOMIC_WRITE)}
    const pad = 'x'.repeat(512 * 1024)
    for (let n = 1; ; n++) {
      writeFileAtomic(${JSON.stringify(path)}, JSON.stringify({ n, pad, end: n }), { keepBackup: true })
      console.log('wrote ' + n)
    }`
  for (let round = 0; round < 5; round++) {
    const proc = Bun.spawn([process.execPath, '-e', writer], { stdout: 'pipe', stderr: 'pipe' })
    procs.push(proc)
    const out = watchOutput(proc)
    // Let it get going, then kill it at an arbitrary moment within a write.
    await out.waitFor(new RegExp(`wrote ${2 + round}\\b`))
    proc.kill(9)
    await proc.exited
    const text = readFileSync(path, 'utf8')
    const parsed = JSON.parse(text) as { n: number; pad: string; end: number }
    expect(parsed.end).toBe(parsed.n)
    expect(parsed.pad.length).toBe(512 * 1024)
    const backup = JSON.parse(readFileSync(`${path}.bak`, 'utf8')) as { n: number; end: number }
    expect(backup.end).toBe(backup.n)
  }
  // Leftover temp files from killed writers are the only debris, and never the config itself.
  expect(readdirSync(dir).filter((f) => !f.endsWith('.tmp')).sort()).toEqual(['openclaw.json', 'openclaw.json.bak'])
}, 30_000)

test('SIGHUP applies an edit even with gateway.reload.mode "off"', async () => {
  const stateDir = tempStateDir()
  dirs.push(stateDir)
  const path = join(stateDir, 'openclaw.json')
  const config = (every: string) => JSON.stringify({ gateway: { auth: { token: 'hup-token' }, reload: { mode: 'off' } }, agents: { defaults: { heartbeat: { every } } } })
  writeFileSync(path, config('30m'))
  const proc = Bun.spawn([process.execPath, ENTRY, 'gateway', 'run', '--port', String(freePort())], {
    env: { ...process.env, OPENCLAW_STATE_DIR: stateDir, OPENCLAW_CONFIG_PATH: path },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  procs.push(proc)
  const [, url] = await watchOutput(proc).waitFor(/listening on (ws:\/\/\S+)/)
  const client = await TestClient.connect(url!, { token: 'hup-token' })
  writeFileSync(path, config('45m'))
  // Nothing watches the file under "off": the edit is on disk, the old config still runs.
  const before = await client.call('config.get')
  expect(before.configRevisionHash).not.toBe(before.appliedConfigHash)
  proc.kill('SIGHUP')
  await client.event('config.changed')
  expect((await client.call('health', { probe: true })).heartbeatSeconds).toBe(2700)
  client.close()
}, 20_000)
