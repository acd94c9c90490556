/**
 * Builds a state dir as the original OpenClaw (2026.9.6) leaves it, from its real table definitions
 * (test/process/fixtures/*.sql) and rows shaped as it writes them: the shared `state/openclaw.sqlite`
 * and one `agents/<id>/agent/openclaw-agent.sqlite` per agent, both in WAL mode.
 */
import { Database } from 'bun:sqlite'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DeviceIdentity } from './device.ts'

const FIXTURES = join(import.meta.dir, '..', 'process', 'fixtures')
const NOW = Date.now()

function createDatabase(file: string, schema: string, role: 'global' | 'agent', version: number): Database {
  mkdirSync(join(file, '..'), { recursive: true })
  const db = new Database(file, { create: true, strict: true })
  db.exec('PRAGMA journal_mode = WAL')
  db.exec(readFileSync(join(FIXTURES, schema), 'utf8'))
  db.query('INSERT INTO schema_meta VALUES (?, ?, ?, ?, ?, ?, ?)').run('primary', role, version, role === 'agent' ? 'main' : null, '2026.9.6', NOW, NOW)
  return db
}

export const originalStateDatabase = (stateDir: string) =>
  createDatabase(join(stateDir, 'state', 'openclaw.sqlite'), 'original-state-schema.sql', 'global', 18)

export const originalAgentDatabase = (stateDir: string, agentId: string) =>
  createDatabase(join(stateDir, 'agents', agentId, 'agent', 'openclaw-agent.sqlite'), 'original-agent-schema.sql', 'agent', 23)

/**
 * A paired device with one live token per role, as `device_pairing_paired` holds it. `issuer` is the
 * token's stamp (the original stamps `{ kind: 'shared-gateway-auth', generation }` on tokens issued to a
 * client that proved the shared secret); `approvedScopes` defaults to the token's scopes.
 */
export function addPairedDevice(db: Database, d: {
  identity: DeviceIdentity
  role: string
  scopes: string[]
  token: string
  clientId: string
  clientMode: string
  displayName: string
  nodeSurface?: { caps: string[]; commands: string[] }
  issuer?: { kind: string; generation: string }
  approvedScopes?: string[]
}): void {
  const tokens = { [d.role]: { token: d.token, role: d.role, scopes: d.scopes, createdAtMs: NOW - 60_000, ...(d.issuer && { issuer: d.issuer }) } }
  const surface = d.nodeSurface && { displayName: d.displayName, version: '2026.9.6', ...d.nodeSurface, createdAtMs: NOW - 50_000, approvedAtMs: NOW - 50_000, sessionHost: false }
  db.query(`INSERT INTO device_pairing_paired (device_id, public_key, display_name, platform, device_family, client_id, client_mode, role,
    roles_json, scopes_json, approved_scopes_json, tokens_json, approved_via, node_surface_json, created_at_ms, approved_at_ms, last_seen_at_ms,
    last_seen_reason) VALUES (?, ?, ?, 'linux', 'Linux', ?, ?, ?, ?, ?, ?, ?, 'silent', ?, ?, ?, ?, 'connect')`).run(
    d.identity.id, d.identity.publicKey, d.displayName, d.clientId, d.clientMode, d.role, JSON.stringify([d.role]), JSON.stringify(d.approvedScopes ?? d.scopes),
    JSON.stringify(d.approvedScopes ?? d.scopes), JSON.stringify(tokens), surface ? JSON.stringify(surface) : null, NOW - 60_000, NOW - 60_000, NOW - 30_000)
}

/** A DM sender approved with a pairing code (`openclaw pairing approve`). */
export function addApprovedSender(db: Database, channel: string, accountId: string, senderId: string, order = 0): void {
  db.query('INSERT INTO channel_pairing_allow_entries VALUES (?, ?, ?, ?, ?)').run(channel, accountId, senderId, order, NOW - 40_000)
}

/** A cron job row; `job` is its `job_json` (an object, or raw text for a malformed one). */
export function addCronJob(db: Database, id: string, job: Record<string, unknown> | string, opts: { declarationKey?: string; order?: number } = {}): void {
  const parsed = typeof job === 'string' ? {} : job
  db.query(`INSERT INTO cron_jobs (store_key, job_id, declaration_key, name, enabled, payload_kind, job_json, state_json, sort_order, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    '/home/user/.openclaw/cron/jobs.json', id, opts.declarationKey ?? null, String(parsed.name ?? id), parsed.enabled === false ? 0 : 1,
    String((parsed.payload as { kind?: string } | undefined)?.kind ?? 'agentTurn'), typeof job === 'string' ? job : JSON.stringify(job), '{}',
    opts.order ?? 0, NOW - 20_000)
}

/** One transcript event: stored as JSON, or zstd-compressed as the original stores large ones. */
export type TranscriptEvent = Record<string, unknown> & { zstd?: boolean }

/** A session with its current transcript: the `session_nodes` row, its window and its events in order. */
export function addSession(db: Database, s: { key: string; sessionId: string; channel?: string; events: (TranscriptEvent | string)[] }): void {
  const entry = { sessionId: s.sessionId, updatedAt: NOW - 10_000, createdAt: NOW - 100_000, chatType: 'direct' }
  db.query('INSERT INTO session_nodes (session_key, current_session_id, entry_json, updated_at, created_at, created_via) VALUES (?, ?, ?, ?, ?, ?)')
    .run(s.key, s.sessionId, JSON.stringify(entry), NOW - 10_000, NOW - 100_000, s.channel ? 'channel' : 'operator')
  db.query('INSERT INTO session_windows (session_id, session_key, created_at, updated_at, channel, account_id, chat_type) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(s.sessionId, s.key, NOW - 100_000, NOW - 10_000, s.channel ?? null, s.channel ? 'default' : null, 'direct')
  const header = { type: 'session', version: 4, id: s.sessionId, timestamp: new Date(NOW - 100_000).toISOString(), cwd: '/home/user/.openclaw/workspace' }
  const insert = db.query(`INSERT INTO transcript_events (session_id, seq, event_json, created_at, event_zstd, event_utf8_bytes, navigation_json)
    VALUES (?, ?, ?, ?, ?, ?, ?)`)
  ;[header as TranscriptEvent, ...s.events].forEach((event, seq) => {
    if (typeof event === 'string') return void insert.run(s.sessionId, seq, event, NOW - 90_000 + seq, null, null, null)
    const { zstd, ...json } = event
    const text = JSON.stringify(json)
    if (!zstd) return void insert.run(s.sessionId, seq, text, NOW - 90_000 + seq, null, null, null)
    const bytes = Buffer.byteLength(text)
    const navigation = { version: 1, report: { kind: 'canonical' }, navigation: {}, reset: {}, model: {}, modelBytes: bytes, modelWithoutCheckpointBytes: bytes, withoutCustomDataBytes: bytes }
    insert.run(s.sessionId, seq, null, NOW - 90_000 + seq, Bun.zstdCompressSync(text), bytes, JSON.stringify(navigation))
  })
}

/** A `message` event of the runtime's event tree, chained to `parentId`. */
export function messageEvent(id: string, parentId: string | null, message: Record<string, unknown>, zstd = false): TranscriptEvent {
  return { type: 'message', id, parentId, timestamp: new Date(NOW - 80_000).toISOString(), message, ...(zstd && { zstd }) }
}
