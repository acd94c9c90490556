/**
 * The dedupe cache for side-effecting methods (PROTOCOL.md §4.4): a retried key gets the complete first
 * response back; a duplicate that arrives while the first is running waits for it. Entries live
 * `ttlMs`; beyond `max` entries the ones settled first go first. A run still in flight is never pruned,
 * and pruning never walks past one: settled entries queue up apart from the running ones, so each add
 * costs O(1) amortised however many runs are in flight.
 *
 * An outcome is an acknowledgement: it settles only once the group commit holding what the first run
 * wrote is on disk. When that commit fails nothing of the run was kept, so waiting duplicates get the
 * same failure and the key is forgotten: a retry runs afresh instead of hearing about a lost row.
 */

import { DEDUPE_MAX, DEDUPE_TTL_MS, GatewayError } from '../protocol/index.ts'
import { storageFailure } from '../store/storage-errors.ts'

/** A run that failed on storage (its write or its commit) left nothing on disk: there is nothing to replay. */
function keptNothing(err: unknown): boolean {
  if (storageFailure(err)) return true
  const code = err instanceof GatewayError ? (err.details as { code?: unknown } | undefined)?.code : undefined
  return typeof code === 'string' && code.startsWith('STORAGE_')
}

export type CachedOutcome = { ok: true; payload: unknown } | { ok: false; error: unknown }

interface Entry {
  ts: number
  settled: boolean
  outcome: Promise<CachedOutcome>
  /** The commit holding what the first run wrote before it first yielded. */
  accepted: Promise<void>
}

export function createIdempotencyCache(opts: { ttlMs?: number; max?: number; now?: () => number } = {}) {
  const ttlMs = opts.ttlMs ?? DEDUPE_TTL_MS
  const max = opts.max ?? DEDUPE_MAX
  const now = opts.now ?? Date.now
  const entries = new Map<string, Entry>()
  /** The settled entries still in `entries`, in the order they settled: pruning takes from the front. */
  const settledQueue = new Map<string, Entry>()

  return {
    /**
     * Runs `work` once per key. The promise resolves with the outcome (never rejects), so callers
     * replay errors exactly as they first happened.
     */
    run(key: string, work: () => Promise<unknown>, durable: () => Promise<void>): { outcome: Promise<CachedOutcome>; replayed: boolean } {
      const hit = entries.get(key)
      if (hit && now() - hit.ts < ttlMs) return { outcome: hit.outcome, replayed: true }
      const started = work()
      // Taken right after the work's synchronous part, which is where a run writes what it accepts.
      const accepted = durable()
      const outcome: Promise<CachedOutcome> = Promise.all([started, accepted]).then(
        ([payload]) => ({ ok: true, payload }),
        (error) => ({ ok: false, error }),
      )
      const entry: Entry = { ts: now(), settled: false, outcome, accepted }
      outcome.then((o) => {
        entry.settled = true
        // A key reused after it expired belongs to its newer run.
        if (entries.get(key) !== entry) return
        if (!o.ok && keptNothing(o.error)) entries.delete(key)
        else settledQueue.set(key, entry)
      })
      settledQueue.delete(key)
      entries.set(key, entry)
      if (entries.size > max) prune()
      return { outcome, replayed: false }
    },
    /** Settles once a known key's first run is on disk (rejects when its commit failed); undefined for an unknown key. */
    accepted(key: string): Promise<void> | undefined {
      const hit = entries.get(key)
      return hit && now() - hit.ts < ttlMs ? hit.accepted : undefined
    },
    /** Whether a key is known and still running (e.g. `agent` answers `in_flight`). */
    inFlight(key: string): boolean {
      const hit = entries.get(key)
      return hit !== undefined && !hit.settled && now() - hit.ts < ttlMs
    },
    prune,
    get size() {
      return entries.size
    },
  }

  function prune(): void {
    const t = now()
    // Settling order is close to start order, so the front holds the oldest: the first entry there
    // still within its time ends the expired ones (one behind it expires on lookup, and goes in turn).
    for (const [key, e] of settledQueue) {
      if (t - e.ts < ttlMs) break
      forget(key)
    }
    for (const [key] of settledQueue) {
      if (entries.size <= max) break
      forget(key)
    }
  }

  function forget(key: string): void {
    settledQueue.delete(key)
    entries.delete(key)
  }
}

export type IdempotencyCache = ReturnType<typeof createIdempotencyCache>
