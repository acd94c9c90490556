/**
 * DM pairing for chat channels: an unknown sender gets an 8-character code (uppercase, none of 0 O 1 I),
 * valid one hour, at most three pending per channel account; an operator approves the code and the
 * sender is allowed from then on. Rows are keyed by channel + account + sender.
 */
import { randomBytes, sha256 } from '../platform/crypto.ts'
import type { Db } from './db.ts'
import { lazyStatements } from './lazy-statements.ts'

export const DM_PAIRING_TTL_MS = 60 * 60_000
export const DM_PAIRING_MAX_PENDING = 3
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
const CODE_LENGTH = 8

export interface DmPairingRequest {
  requestId: string
  channel: string
  accountId: string
  senderId: string
  senderName?: string
  code: string
  meta: Record<string, string>
  createdAtMs: number
  lastSeenAtMs: number
  expiresAtMs: number
}

export type PairingOutcome = { status: 'created' | 'pending'; code: string } | { status: 'capped' }

interface RequestRow {
  channel: string
  account_id: string
  sender_id: string
  code: string
  sender_name: string | null
  meta: string
  created_at: number
  last_seen_at: number
}

/** 32 symbols, so each random byte maps uniformly (256 = 8 × 32). */
export function newPairingCode(): string {
  return [...randomBytes(CODE_LENGTH)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('')
}

export function createChannelPairingStore(db: Db, now: () => number = Date.now) {
  const q = lazyStatements({
    allowed: () => db.query<{ n: number }, [string, string, string]>(
      'SELECT 1 AS n FROM channel_pairing_allow_entries WHERE channel = ? AND account_id = ? AND sender_id = ?'),
    prune: () => db.query('DELETE FROM channel_pairing_requests WHERE created_at <= ?'),
    request: () => db.query<RequestRow, [string, string, string]>(
      'SELECT * FROM channel_pairing_requests WHERE channel = ? AND account_id = ? AND sender_id = ?'),
    byCode: () => db.query<RequestRow, [string, string]>('SELECT * FROM channel_pairing_requests WHERE channel = ? AND code = ?'),
    count: () => db.query<{ n: number }, [string, string]>(
      'SELECT COUNT(*) AS n FROM channel_pairing_requests WHERE channel = ? AND account_id = ?'),
    touch: () => db.query('UPDATE channel_pairing_requests SET last_seen_at = ? WHERE channel = ? AND account_id = ? AND sender_id = ?'),
    insert: () => db.query(`INSERT INTO channel_pairing_requests (channel, account_id, sender_id, code, sender_name, meta, created_at, last_seen_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    list: () => db.query<RequestRow, []>('SELECT * FROM channel_pairing_requests ORDER BY created_at'),
    remove: () => db.query('DELETE FROM channel_pairing_requests WHERE channel = ? AND account_id = ? AND sender_id = ?'),
    allow: () => db.query(`INSERT INTO channel_pairing_allow_entries (channel, account_id, sender_id, sender_name, approved_at)
      VALUES (?, ?, ?, ?, ?) ON CONFLICT(channel, account_id, sender_id) DO UPDATE SET approved_at = excluded.approved_at`),
  })
  const prune = () => q.prune.run(now() - DM_PAIRING_TTL_MS)

  return {
    /** A sender approved elsewhere (the original's state, src/migrate/). */
    importAllowed: (channel: string, accountId: string, senderId: string, approvedAtMs: number) =>
      void q.allow.run(channel, accountId, senderId, null, approvedAtMs),
    isAllowed: (channel: string, accountId: string, senderId: string) => q.allowed.get(channel, accountId, senderId) !== null,

    /** Finds or creates the sender's request. `capped`: the account already has three pending. */
    request(channel: string, accountId: string, sender: { id: string; name?: string; meta?: Record<string, string> }): PairingOutcome {
      return db.transaction((): PairingOutcome => {
        prune()
        const existing = q.request.get(channel, accountId, sender.id)
        if (existing) {
          q.touch.run(now(), channel, accountId, sender.id)
          return { status: 'pending', code: existing.code }
        }
        if (q.count.get(channel, accountId)!.n >= DM_PAIRING_MAX_PENDING) return { status: 'capped' }
        let code = newPairingCode()
        while (q.byCode.get(channel, code)) code = newPairingCode()
        const t = now()
        q.insert.run(channel, accountId, sender.id, code, sender.name ?? null, JSON.stringify(sender.meta ?? {}), t, t)
        return { status: 'created', code }
      })()
    },

    listPending(filter: { channel?: string; accountId?: string } = {}): DmPairingRequest[] {
      prune()
      return q.list.all().map(toRequest).filter((r) =>
        (!filter.channel || r.channel === filter.channel) && (!filter.accountId || r.accountId === filter.accountId))
    },

    /** Approves by code (CLI) or opaque request id (Control UI); undefined when nothing matches. */
    approve(channel: string, match: { code?: string; requestId?: string; accountId?: string }): DmPairingRequest | undefined {
      return db.transaction(() => {
        prune()
        const hit = q.list.all().map(toRequest).find((r) =>
          r.channel === channel &&
          (!match.accountId || r.accountId === match.accountId) &&
          (match.code ? r.code === match.code.trim().toUpperCase() : r.requestId === match.requestId))
        if (!hit) return undefined
        q.remove.run(hit.channel, hit.accountId, hit.senderId)
        q.allow.run(hit.channel, hit.accountId, hit.senderId, hit.senderName ?? null, now())
        return hit
      })()
    },
  }
}

function toRequest(r: RequestRow): DmPairingRequest {
  return {
    requestId: sha256(`${r.channel}\0${r.account_id}\0${r.sender_id}\0${r.created_at}`).toString('base64url').slice(0, 32),
    channel: r.channel,
    accountId: r.account_id,
    senderId: r.sender_id,
    ...(r.sender_name && { senderName: r.sender_name }),
    code: r.code,
    meta: JSON.parse(r.meta),
    createdAtMs: r.created_at,
    lastSeenAtMs: r.last_seen_at,
    expiresAtMs: r.created_at + DM_PAIRING_TTL_MS,
  }
}

export type ChannelPairingStore = ReturnType<typeof createChannelPairingStore>
