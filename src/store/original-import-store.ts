/**
 * Writes what the one-time import (src/migrate/) read from the original OpenClaw's state into our
 * tables, and records that it started and finished (migrations 018, 022). Rows arrive already checked;
 * the writes run inside the import's one transaction, so a crash leaves either all of it or none.
 */
import { sha256Hex } from '../platform/crypto.ts'
import type { Db } from './db.ts'
import type { SessionKind } from './session-store.ts'
import type { ImportSummary } from '../migrate/import-report.ts'

export interface ImportedDevice {
  deviceId: string
  publicKey: string
  displayName?: string
  operatorLabel?: string
  platform?: string
  deviceFamily?: string
  clientId?: string
  clientMode?: string
  browserOrigin?: string
  roles: string[]
  approvedScopes: string[]
  approvedVia?: string
  remoteIp?: string
  /** The approved node command surface, in our shape (node-pairing-store.ts). */
  nodeSurface?: Record<string, unknown>
  createdAtMs: number
  approvedAtMs: number
  lastSeenAtMs?: number
  lastSeenReason?: string
  /** Live tokens in plaintext as the original keeps them; only their hashes are stored here. */
  tokens: { token: string; role: string; scopes: string[]; createdAtMs: number; rotatedAtMs?: number; lastUsedAtMs?: number }[]
}

export interface ImportedAllowEntry {
  channel: string
  accountId: string
  senderId: string
  approvedAtMs: number
}

export interface ImportedSession {
  key: string
  sessionId: string
  agentId: string
  kind: SessionKind
  channel?: string
  label?: string
  createdAtMs: number
  updatedAtMs: number
  lastInteractionAtMs?: number
  messages: { id: string; role: string; body: unknown; ts: number }[]
}

export interface ImportedCronJob {
  id: string
  createdAtMs: number
  nextRunAtMs?: number
  enabled: boolean
  body: unknown
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
  const device = db.query(`INSERT INTO paired_devices (device_id, public_key, display_name, operator_label, platform, device_family,
    client_id, client_mode, browser_origin, roles, approved_scopes, approved_via, remote_ip, node_surface, created_at, approved_at,
    last_seen_at, last_seen_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const token = db.query(`INSERT OR IGNORE INTO device_tokens (token_hash, device_id, role, scopes, created_at, rotated_at, last_used_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`)
  const allow = db.query(`INSERT OR IGNORE INTO channel_pairing_allow_entries (channel, account_id, sender_id, sender_name, approved_at)
    VALUES (?, ?, ?, NULL, ?)`)
  const cron = db.query('INSERT INTO cron_jobs (id, body, next_run_at, created_at) VALUES (?, ?, ?, ?)')
  const session = db.query(`INSERT INTO sessions (key, session_id, agent_id, kind, channel, label, created_at, updated_at, message_count,
    last_interaction_at, transcript_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const message = db.query('INSERT INTO transcript_messages (id, pos, session_id, run_id, role, body, ts) VALUES (?, ?, ?, NULL, ?, ?, ?)')
  return {
    device(d: ImportedDevice): void {
      device.run(d.deviceId, d.publicKey, d.displayName ?? null, d.operatorLabel ?? null, d.platform ?? null, d.deviceFamily ?? null,
        d.clientId ?? null, d.clientMode ?? null, d.browserOrigin ?? null, JSON.stringify(d.roles), JSON.stringify(d.approvedScopes),
        d.approvedVia ?? null, d.remoteIp ?? null, d.nodeSurface ? JSON.stringify(d.nodeSurface) : null, d.createdAtMs, d.approvedAtMs,
        d.lastSeenAtMs ?? null, d.lastSeenReason ?? null)
      for (const t of d.tokens) {
        token.run(sha256Hex(t.token), d.deviceId, t.role, JSON.stringify(t.scopes), t.createdAtMs, t.rotatedAtMs ?? null, t.lastUsedAtMs ?? null)
      }
    },
    allowEntry(a: ImportedAllowEntry): void {
      allow.run(a.channel, a.accountId, a.senderId, a.approvedAtMs)
    },
    cronJob(j: ImportedCronJob): void {
      cron.run(j.id, JSON.stringify(j.body), j.enabled ? (j.nextRunAtMs ?? null) : null, j.createdAtMs)
    },
    session(s: ImportedSession): void {
      // The transcript's size counts toward session.maintenance.maxDiskBytes (migration 020), as session-store.ts counts it.
      const bodies = s.messages.map((m) => JSON.stringify(m.body))
      session.run(s.key, s.sessionId, s.agentId, s.kind, s.channel ?? null, s.label ?? null, s.createdAtMs, s.updatedAtMs,
        s.messages.length, s.lastInteractionAtMs ?? null, bodies.reduce((bytes, body) => bytes + Buffer.byteLength(body), 0))
      s.messages.forEach((m, i) => message.run(m.id, i + 1, s.sessionId, m.role, bodies[i]!, m.ts))
    },
  }
}
