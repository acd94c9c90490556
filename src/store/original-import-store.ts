/**
 * The one-time import (src/migrate/) in our database: whether ours is fresh, the record that it started
 * and finished (migrations 018, 022), and its writer, which hands each row read from the original
 * OpenClaw's state to the store that owns its table. Rows arrive already checked; the writes run inside
 * the import's one transaction, so a crash leaves either all of it or none.
 */
import type { ImportSummary } from '../migrate/import-report.ts'
import { createChannelPairingStore } from './channel-pairing-store.ts'
import { createCronStore } from './cron-store.ts'
import type { Db } from './db.ts'
import { createNodePairingStore, type ApprovedNodeSurface } from './node-pairing-store.ts'
import { createPairingStore, type ImportedToken, type PairedDevice } from './pairing-store.ts'
import { createSessionStore, type ImportedSession } from './session-store.ts'

export interface ImportedDevice extends PairedDevice {
  /** The approved node command surface, in our shape (node-pairing-store.ts). */
  nodeSurface?: ApprovedNodeSurface
  /** Live tokens in plaintext as the original keeps them; only their hashes are stored here. */
  tokens: ImportedToken[]
}

export interface ImportedAllowEntry {
  channel: string
  accountId: string
  senderId: string
  approvedAtMs: number
}

export interface ImportedCronJob {
  enabled: boolean
  nextRunAtMs?: number
  /** The job as cron.list shows it. */
  job: { id: string; createdAtMs: number }
}

/** Ours has none of the user's state yet: nothing paired, approved, scheduled or said. */
export function isFreshDatabase(db: Db): boolean {
  const row = db.query<{ n: number }, []>(`SELECT
    (SELECT COUNT(*) FROM paired_devices) + (SELECT COUNT(*) FROM sessions) + (SELECT COUNT(*) FROM cron_jobs)
    + (SELECT COUNT(*) FROM channel_pairing_allow_entries) AS n`).get()
  return row?.n === 0
}

/** When the import started and from where, and when it finished (never, if the process died during it); null if it never started. */
export function importRecord(db: Db): { source: string; startedAtMs: number; finishedAtMs?: number } | null {
  const row = db.query<{ source: string; imported_at: number; finished_at: number | null }, []>(
    'SELECT source, imported_at, finished_at FROM original_import WHERE id = 1',
  ).get()
  return row ? { source: row.source, startedAtMs: row.imported_at, ...(row.finished_at !== null && { finishedAtMs: row.finished_at }) } : null
}

/** Committed before the import reads anything: a process that dies during it leaves this row unfinished. */
export function recordImportStart(db: Db, source: string): void {
  db.query("INSERT INTO original_import (id, source, imported_at, summary) VALUES (1, ?, ?, 'null')").run(source, Date.now())
}

/** An import that failed with an error (not a crash) is tried again at the next start. */
export function forgetUnfinishedImport(db: Db): void {
  db.query('DELETE FROM original_import WHERE id = 1 AND finished_at IS NULL').run()
}

/** In the import's transaction, with what it wrote. */
export function finishImport(db: Db, summary: ImportSummary): void {
  db.query('UPDATE original_import SET summary = ?, finished_at = ? WHERE id = 1').run(JSON.stringify(summary), Date.now())
}

/** One writer per kind of row; each is called as the import reads a row, inside its transaction. */
export function importWriter(db: Db) {
  const pairing = createPairingStore(db)
  const nodes = createNodePairingStore(db)
  const senders = createChannelPairingStore(db)
  const cron = createCronStore<ImportedCronJob['job']>(db)
  const sessions = createSessionStore(db)
  return {
    device(d: ImportedDevice): void {
      const { tokens, nodeSurface, ...device } = d
      pairing.importDevice(device, tokens)
      if (nodeSurface) nodes.importSurface(d.deviceId, nodeSurface)
    },
    allowEntry: (a: ImportedAllowEntry) => senders.importAllowed(a.channel, a.accountId, a.senderId, a.approvedAtMs),
    cronJob: (j: ImportedCronJob) => cron.put(j.job, j.enabled ? j.nextRunAtMs : undefined),
    session: (s: ImportedSession) => sessions.importSession(s),
  }
}
