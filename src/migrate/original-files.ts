/**
 * Where the original OpenClaw keeps its state in a state dir, and a private copy of it to read.
 *
 * The original keeps everything its users rely on in SQLite: `state/openclaw.sqlite` (paired devices with
 * their tokens, approved DM senders, cron jobs, ...) and one `agents/<agentId>/agent/openclaw-agent.sqlite`
 * per agent (sessions and transcripts). Each database and its `-wal` are copied to a temporary folder
 * and the copy is opened: reading the files in place would take SQLite locks on them and write their
 * `-shm`, and the original's files are never to be touched. A copy torn by an original gateway writing
 * meanwhile fails its integrity check and is reported, not read.
 */
import { Database } from 'bun:sqlite'
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

/** The original's shared database: `databasePath` (store/db.ts) is ours, beside it. */
export const originalStatePath = (stateDir: string) => join(stateDir, 'state', 'openclaw.sqlite')

export interface OriginalAgentDatabase {
  agentId: string
  path: string
}

/** Each agent's database the original left under `agents/`, by folder name. */
export function findAgentDatabases(stateDir: string): OriginalAgentDatabase[] {
  const root = join(stateDir, 'agents')
  if (!existsSync(root)) return []
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => ({ agentId: e.name, path: join(root, e.name, 'agent', 'openclaw-agent.sqlite') }))
    .filter((a) => existsSync(a.path))
}

const COPY_PREFIX = 'original-import-'

/** Copies left in `workDir` by an import cut short (a crash, a kill): ours to remove. */
export function removeLeftoverCopies(workDir: string): void {
  for (const e of readdirSync(workDir)) if (e.startsWith(COPY_PREFIX)) rmSync(join(workDir, e), { recursive: true, force: true })
}

/** Private copies of the original's databases, opened (SQLite replays each copy's WAL into it); `close` removes them. */
export function openCopies(workDir: string) {
  removeLeftoverCopies(workDir)
  const dir = mkdtempSync(join(workDir, COPY_PREFIX))
  const opened: Database[] = []
  let n = 0
  return {
    /** Copies `path` (with its `-wal`) and opens the copy; throws, naming `path`, if it cannot be read whole. */
    open(path: string): Database {
      const copy = join(dir, `${n++}.sqlite`)
      try {
        copyFileSync(path, copy)
        if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`)
        const db = new Database(copy, { readwrite: true, strict: true })
        opened.push(db)
        const check = db.query<{ quick_check: string }, []>('PRAGMA quick_check').all()
        if (check[0]?.quick_check !== 'ok') throw new Error(check.map((r) => r.quick_check).slice(0, 3).join('; '))
        return db
      } catch (err) {
        throw new Error(`cannot read ${path}: ${(err as Error).message}`, { cause: err })
      }
    },
    close(): void {
      for (const db of opened) db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
