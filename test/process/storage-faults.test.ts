/**
 * The state dir's storage in the real daemon: a corrupt or truncated database stops the start with
 * exit 78 naming the file (moved aside only with --move-corrupt-db); the files are the owner's only;
 * and, where this test may mount a tiny tmpfs (root), a really full disk is survived at run time and
 * refused with 78 at start.
 */
import { afterAll, afterEach, describe, expect, test } from 'bun:test'
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { databasePath, openDatabase } from '../../src/store/db.ts'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { agentConfig, chatEnded, runEvents, startFakeModelServer } from '../helpers/agent.ts'
import { waitForAccount } from '../helpers/channel-status.ts'
import { TestClient } from '../helpers/client.ts'
import { ENTRY, exitWithin, spawnGateway, tempStateDir, type SpawnedGateway } from '../helpers/gateway.ts'

const spawned: SpawnedGateway[] = []
const dirs: string[] = []
afterEach(() => {
  for (const g of spawned.splice(0)) g.proc.kill('SIGKILL')
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function stateDir(): string {
  const d = tempStateDir()
  dirs.push(d)
  return d
}

/** Runs `gateway run` to its exit; returns the code and everything it printed. */
async function runToExit(dir: string, args: string[] = []): Promise<{ code: number; output: string }> {
  const proc = Bun.spawn([process.execPath, ENTRY, 'gateway', 'run', '--port', '0', '--token', 'tok', ...args], {
    env: { ...process.env, OPENCLAW_STATE_DIR: dir, OPENCLAW_CONFIG_PATH: join(dir, 'openclaw.json') },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const [out, err] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), exitWithin(proc, 15_000)])
  return { code: proc.exitCode!, output: out + err }
}

/** A real database with some rows, closed (checkpointed) as a stopped gateway leaves it. */
function populatedDatabase(dir: string): string {
  const db = openDatabase(dir)
  db.exec('CREATE TABLE filler (x TEXT)')
  db.transaction(() => {
    for (let i = 0; i < 200; i++) db.query('INSERT INTO filler VALUES (?)').run('y'.repeat(2000))
  })()
  db.close()
  return databasePath(dir)
}

describe('a database that cannot be used stops the start with 78 and the path', () => {
  test('a file that is not a database', async () => {
    const dir = stateDir()
    const file = databasePath(dir)
    mkdirSync(join(dir, 'state'), { recursive: true })
    writeFileSync(file, 'this is not a database, it is a shopping list'.repeat(20))
    const { code, output } = await runToExit(dir)
    expect(code).toBe(78)
    expect(output).toContain(file)
    expect(output).toContain('--move-corrupt-db')
    expect(output).not.toContain('    at ')
    // Never moved without the flag.
    expect(readFileSync(file, 'utf8')).toStartWith('this is not a database')
  })

  test('a truncated database', async () => {
    const dir = stateDir()
    const file = populatedDatabase(dir)
    truncateSync(file, Math.floor(statSync(file).size / 2))
    const { code, output } = await runToExit(dir)
    expect(code).toBe(78)
    expect(output).toContain(`the database ${file} is corrupt or truncated`)
  })

  test('--move-corrupt-db moves it aside, says where, and starts with an empty database', async () => {
    const dir = stateDir()
    const file = populatedDatabase(dir)
    truncateSync(file, 4096)
    const g = await spawnGateway({ stateDir: dir, args: ['--token', 'tok', '--move-corrupt-db'] })
    spawned.push(g)
    const moved = readdirSync(join(dir, 'state')).filter((n) => n.startsWith('gateway.sqlite.corrupt-') && !n.endsWith('-wal') && !n.endsWith('-shm'))
    expect(moved).toHaveLength(1)
    expect(statSync(join(dir, 'state', moved[0]!)).size).toBe(4096)
    expect(g.output()).toContain(`moved it aside to ${join(dir, 'state', moved[0]!)}`)
    const c = await TestClient.connect(g.url, { token: 'tok' })
    expect((await c.call('health', {})).ok).toBe(true)
    c.close()
  })
})

test('the database and its WAL files are 0600 in a 0700 directory, also when an older gateway left them 0644', async () => {
  const dir = stateDir()
  const file = populatedDatabase(dir)
  chmodSync(file, 0o644)
  chmodSync(join(dir, 'state'), 0o755)
  const g = await spawnGateway({ stateDir: dir, args: ['--token', 'tok'] })
  spawned.push(g)
  const c = await TestClient.connect(g.url, { token: 'tok' })
  await c.call('sessions.list', {})
  for (const suffix of ['', '-wal', '-shm']) {
    expect(existsSync(file + suffix)).toBe(true)
    expect((statSync(file + suffix).mode & 0o777).toString(8)).toBe('600')
  }
  expect((statSync(join(dir, 'state')).mode & 0o777).toString(8)).toBe('700')
  c.close()
})

/** A 4 MiB tmpfs, when this process may mount one (root with CAP_SYS_ADMIN); undefined otherwise. */
function tinyDisk(): string | undefined {
  if (process.getuid?.() !== 0) return undefined
  const mnt = tempStateDir()
  const done = Bun.spawnSync(['mount', '-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt], { stderr: 'pipe' })
  if (done.exitCode !== 0) {
    rmSync(mnt, { recursive: true, force: true })
    return undefined
  }
  return mnt
}

function fill(path: string): void {
  const fd = openSync(path, 'w')
  try {
    const chunk = Buffer.alloc(64 * 1024, 1)
    for (;;) writeSync(fd, chunk)
  } catch {
    // ENOSPC: the disk is full, as intended.
  } finally {
    closeSync(fd)
  }
}

const disk = tinyDisk()
afterAll(() => {
  if (disk) Bun.spawnSync(['umount', '-l', disk])
})

describe.skipIf(!disk)('a really full disk (tmpfs; needs root)', () => {
  test('at run time: chat.send is UNAVAILABLE "database or disk is full", the process stays up, and it recovers when space returns', async () => {
    const model = startFakeModelServer('openai')
    const tg = new FakeTelegram().start()
    const dir = join(disk!, 'run')
    mkdirSync(dir)
    writeFileSync(join(dir, 'openclaw.json'), JSON.stringify(agentConfig(model, 'openai', { channels: { telegram: { botToken: '1:DISK', apiRoot: tg.url, dmPolicy: 'pairing' } } } as never)))
    const g = await spawnGateway({ stateDir: dir, args: ['--token', 'tok'] })
    spawned.push(g)
    const c = await TestClient.connect(g.url, { token: 'tok' })
    await c.call('chat.send', { sessionKey: 'main', message: 'before', idempotencyKey: 'd0' })
    await runEvents(c, 'd0', chatEnded)
    const job = await c.call('cron.add', { name: 'daily', schedule: { kind: 'cron', expr: '0 9 * * *' }, payload: { kind: 'agentTurn', message: 'morning' } })
    fill(join(disk!, 'filler'))
    // A cron run that cannot be recorded does not start, and is not left marked running.
    await c.call('cron.run', { id: job.id })
    for (let i = 0; i < 200 && !g.output().includes(`job ${job.id} could not start`); i++) await Bun.sleep(20)
    expect(g.output()).toContain(`job ${job.id} could not start: database or disk is full`)
    for (let i = 0; i < 3; i++) {
      const res = await c.request('chat.send', { sessionKey: 'main', message: `full ${i} ${'x'.repeat(32 * 1024)}`, idempotencyKey: `d1-${i}` })
      expect(res.error).toMatchObject({ code: 'UNAVAILABLE', message: 'database or disk is full', details: { code: 'STORAGE_FULL' } })
    }
    expect((await c.call('health', {})).ok).toBe(true)
    // A stranger's DM needs a pairing request written: on a full disk it is dropped and counted, nothing escapes.
    tg.pushText('hello?', { fromId: 5151 })
    await waitForAccount(c, 'telegram', (a) => a.faults >= 1, 10_000)
    rmSync(join(disk!, 'filler'))
    await c.call('chat.send', { sessionKey: 'main', message: 'space is back', idempotencyKey: 'd2' })
    expect((await runEvents(c, 'd2', chatEnded)).at(-1)!.payload.state).toBe('final')
    expect((await c.call('cron.run', { id: job.id })).enqueued).toBe(true)
    expect((await c.waitFor((f) => f.event === 'cron' && f.payload.jobId === job.id && f.payload.action === 'finished', 10_000)).payload.status).toBe('ok')
    expect(g.proc.exitCode).toBeNull()
    tg.pushText('hello again', { fromId: 5151 })
    await tg.recorder.waitFor((m) => m.method === 'sendMessage' && String(m.body.chat_id) === '5151', 10_000)
    expect(tg.sent(5151)[0]).toContain('Pairing code')
    expect(g.output()).not.toContain('unhandledRejection')
    c.close()
    tg.stop()
    await model.stop()
  }, 30_000)

  test('at start: exit 78 naming what could not be written', async () => {
    const dir = join(disk!, 'start')
    mkdirSync(dir)
    fill(join(disk!, 'filler'))
    try {
      const { code, output } = await runToExit(dir)
      expect(code).toBe(78)
      expect(output).toContain('full')
      expect(output).toContain(dir)
      expect(output).not.toContain('    at ')
    } finally {
      rmSync(join(disk!, 'filler'))
    }
  })
})
