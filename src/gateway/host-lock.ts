/**
 * One gateway per state directory (and so one WhatsApp session per host). The lock file records its
 * owner; a lock whose process is gone, or whose pid now belongs to a different process, is stale.
 * The file and its fields are the original's (`gateway.state.lock`, `startTime` a number), so each
 * gateway sees the other's lock, and the original CLI finds this gateway's port in it (its
 * `models list` refuses a lock it cannot parse).
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'

export class GatewayLockError extends Error {
  constructor(message: string, readonly ownerPid?: number) {
    super(message)
    this.name = 'GatewayLockError'
  }
}

interface LockRecord {
  pid: number
  createdAt: string
  configPath: string
  stateDir: string
  port?: number
  startTime?: number
}

export interface HostLock {
  path: string
  /** Records the port bound (`--port 0` knows it only after listening): the original CLI connects to it. */
  recordPort(port: number): void
  release(): void
}

function lockPath(stateDir: string): string {
  const uid = typeof process.getuid === 'function' ? `-${process.getuid()}` : ''
  return join(stateDir, 'tmp', `openclaw${uid}`, 'gateway.state.lock')
}

export async function acquireHostLock(opts: { stateDir: string; configPath: string; port: number; timeoutMs?: number }): Promise<HostLock> {
  const path = lockPath(opts.stateDir)
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 })
  const timeoutMs = opts.timeoutMs ?? 3000
  const deadline = Date.now() + timeoutMs
  const record: LockRecord = {
    pid: process.pid,
    createdAt: new Date().toISOString(),
    configPath: opts.configPath,
    stateDir: opts.stateDir,
    ...(opts.port > 0 && { port: opts.port }),
    startTime: processStartTime(process.pid),
  }
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o600)
      writeSync(fd, JSON.stringify(record))
      closeSync(fd)
      return {
        path,
        recordPort: (port) => {
          if (readLock(path)?.pid !== process.pid) return
          // Written aside and renamed over the lock, so a contender never reads it half-written and takes it as stale.
          writeFileSync(`${path}.${process.pid}`, JSON.stringify({ ...record, port }), { mode: 0o600 })
          renameSync(`${path}.${process.pid}`, path)
        },
        release: () => releaseIfOurs(path),
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const owner = readLock(path)
    if (!owner || !isAlive(owner)) {
      removeQuietly(path) // stale: its process is gone
      continue
    }
    // A gateway that is still shutting down (systemd restart) gets a moment to let go.
    if (Date.now() >= deadline) {
      throw new GatewayLockError(`gateway already running (pid ${owner.pid}); lock timeout after ${timeoutMs}ms (${path})`, owner.pid)
    }
    await Bun.sleep(100)
  }
}

function readLock(path: string): LockRecord | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8'))
    return typeof parsed?.pid === 'number' ? parsed : null
  } catch {
    return null // half-written or corrupt: treat as stale
  }
}

function isAlive(owner: LockRecord): boolean {
  try {
    process.kill(owner.pid, 0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  // The pid exists; make sure it is still the process that took the lock (pids get reused).
  const started = processStartTime(owner.pid)
  // Number(): a lock written by an earlier version of ours holds the start time as a string.
  return !owner.startTime || !started || started === Number(owner.startTime)
}

/** Linux: field 22 of /proc/<pid>/stat (start time in clock ticks since boot). */
function processStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19])
    return Number.isFinite(ticks) ? ticks : undefined
  } catch {
    return undefined
  }
}

function releaseIfOurs(path: string): void {
  if (readLock(path)?.pid === process.pid) removeQuietly(path)
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    // already gone
  }
}
