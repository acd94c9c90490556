/**
 * Starting on a state directory the original OpenClaw used (a user switching over): its database is
 * left as it is beside ours, and its gateway lock is honoured both ways, in the original's format
 * (captured from openclaw 2026.9.6: pretty-printed JSON, `startTime` in clock ticks as a number).
 */
import { Database } from 'bun:sqlite'
import { afterEach, expect, test } from 'bun:test'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { databasePath } from '../../src/store/db.ts'
import { TestClient } from '../helpers/client.ts'
import { ENTRY, exitWithin, spawnGateway, tempStateDir, type SpawnedGateway } from '../helpers/gateway.ts'

const TOKEN = 'switch-token'
const spawned: { kill(): void }[] = []
const dirs: string[] = []
afterEach(() => {
  for (const p of spawned.splice(0)) p.kill()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function stateDir(): string {
  const d = tempStateDir()
  dirs.push(d)
  return d
}

const lockFile = (dir: string) => join(dir, 'tmp', `openclaw-${process.getuid!()}`, 'gateway.state.lock')
const startTicks = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19])

/** The original's state database as far as it matters here: same file name, its own `cron_jobs` shape. */
function originalDatabase(dir: string): string {
  mkdirSync(join(dir, 'state'), { recursive: true })
  const file = join(dir, 'state', 'openclaw.sqlite')
  const db = new Database(file, { create: true })
  db.exec('PRAGMA journal_mode = WAL; PRAGMA user_version = 18')
  db.exec('CREATE TABLE schema_meta (key TEXT PRIMARY KEY, value TEXT)')
  db.exec('CREATE TABLE cron_jobs (job_id TEXT PRIMARY KEY, job_json TEXT NOT NULL)')
  db.exec(`INSERT INTO cron_jobs VALUES ('j1', '{"name":"daily-brief"}')`)
  db.close()
  return file
}

const tables = (file: string) => {
  const db = new Database(file, { readonly: true })
  try {
    return db.query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => r.name)
  } finally {
    db.close()
  }
}

test("the original's database stays as it was, and the gateway starts with its own beside it", async () => {
  const dir = stateDir()
  const original = originalDatabase(dir)
  const g = await spawnGateway({ stateDir: dir, args: ['--token', TOKEN] })
  spawned.push(g.proc)
  expect(g.output()).toContain(`${original} is the original OpenClaw's database`)
  const c = await TestClient.connect(g.url, { token: TOKEN })
  await c.call('cron.add', { name: 'ours', schedule: { kind: 'cron', expr: '0 7 * * *' }, payload: { kind: 'agentTurn', message: 'hi' } })
  c.close()
  expect(tables(original)).toEqual(['cron_jobs', 'schema_meta'])
  const db = new Database(original, { readonly: true })
  expect(db.query('PRAGMA user_version').get()).toEqual({ user_version: 18 })
  expect(db.query('SELECT job_json FROM cron_jobs').all()).toEqual([{ job_json: '{"name":"daily-brief"}' }])
  db.close()
  expect(tables(databasePath(dir))).toContain('schema_migrations')
})

test("a running original gateway's lock keeps this one from starting; this one's lock is in the original's format", async () => {
  const dir = stateDir()
  // A live process stands in for the original gateway that holds the lock.
  const holder = Bun.spawn(['sleep', '60'])
  spawned.push(holder)
  mkdirSync(join(lockFile(dir), '..'), { recursive: true })
  writeFileSync(lockFile(dir), JSON.stringify({
    pid: holder.pid, ownerId: '34520081-ef33-4765-834b-b34f8ee3e4f9', cronOwnerProjection: 'dynamic-default-v1', createdAt: new Date().toISOString(),
    configPath: join(dir, 'openclaw.json'), stateDir: dir, port: 18841, startTime: startTicks(holder.pid),
  }, null, 2))
  const refused = Bun.spawn([process.execPath, ENTRY, 'gateway', 'run', '--port', '0', '--token', TOKEN], {
    env: { ...process.env, OPENCLAW_STATE_DIR: dir }, stdout: 'pipe', stderr: 'pipe',
  })
  expect(await exitWithin(refused, 15_000)).toBe(1)
  expect(await new Response(refused.stderr).text()).toContain(`gateway already running (pid ${holder.pid})`)

  holder.kill()
  await holder.exited
  const g: SpawnedGateway = await spawnGateway({ stateDir: dir, args: ['--token', TOKEN] })
  spawned.push(g.proc)
  // What the original CLI's lock reader requires: numbers for pid, port and startTime.
  const lock = JSON.parse(readFileSync(lockFile(dir), 'utf8'))
  expect(lock).toMatchObject({ pid: g.proc.pid, port: g.port, startTime: startTicks(g.proc.pid), configPath: join(dir, 'openclaw.json'), stateDir: dir })
  expect(typeof lock.createdAt).toBe('string')
})

test("this gateway's earlier database file is moved to its own name with everything in it", async () => {
  const dir = stateDir()
  const first = await spawnGateway({ stateDir: dir, args: ['--token', TOKEN] })
  spawned.push(first.proc)
  const c = await TestClient.connect(first.url, { token: TOKEN })
  await c.call('cron.add', { name: 'kept', schedule: { kind: 'cron', expr: '0 7 * * *' }, payload: { kind: 'agentTurn', message: 'hi' } })
  c.close()
  first.proc.kill('SIGTERM')
  await first.proc.exited
  // As the gateway named it before: state/openclaw.sqlite.
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(databasePath(dir) + suffix)) Bun.spawnSync(['mv', databasePath(dir) + suffix, join(dir, 'state', `openclaw.sqlite${suffix}`)])
  }
  const second = await spawnGateway({ stateDir: dir, args: ['--token', TOKEN] })
  spawned.push(second.proc)
  expect(second.output()).toContain(`moved this gateway's database from ${join(dir, 'state', 'openclaw.sqlite')}`)
  const again = await TestClient.connect(second.url, { token: TOKEN })
  expect((await again.call('cron.list', {})).jobs.map((j: { name: string }) => j.name)).toEqual(['kept'])
  again.close()
  expect(existsSync(join(dir, 'state', 'openclaw.sqlite'))).toBe(false)
}, 30_000)
