/**
 * The dedupe cache for side-effecting methods (PROTOCOL.md §4.4): a retried key gets the complete first
 * response back; a duplicate that arrives while the first is running waits for it. Entries live
 * `ttlMs`; beyond `max` entries the oldest settled ones go first.
 */
import { DEDUPE_MAX, DEDUPE_TTL_MS } from '../protocol/index.ts'

export type CachedOutcome = { ok: true; payload: unknown } | { ok: false; error: unknown }

interface Entry {
  ts: number
  settled: boolean
  outcome: Promise<CachedOutcome>
}

export function createIdempotencyCache(opts: { ttlMs?: number; max?: number; now?: () => number } = {}) {
  const ttlMs = opts.ttlMs ?? DEDUPE_TTL_MS
  const max = opts.max ?? DEDUPE_MAX
  const now = opts.now ?? Date.now
  const entries = new Map<string, Entry>()

  return {
    /**
     * Runs `work` once per key. The promise resolves with the outcome (never rejects), so callers
     * replay errors exactly as they first happened.
     */
    run(key: string, work: () => Promise<unknown>): { outcome: Promise<CachedOutcome>; replayed: boolean } {
      const hit = entries.get(key)
      if (hit && now() - hit.ts < ttlMs) return { outcome: hit.outcome, replayed: true }
      const outcome: Promise<CachedOutcome> = work().then(
        (payload) => ({ ok: true, payload }),
        (error) => ({ ok: false, error }),
      )
      const entry: Entry = { ts: now(), settled: false, outcome }
      outcome.then(() => (entry.settled = true))
      entries.set(key, entry)
      if (entries.size > max) prune()
      return { outcome, replayed: false }
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
    for (const [key, e] of entries) if (e.settled && t - e.ts >= ttlMs) entries.delete(key)
    if (entries.size <= max) return
    // Map iteration is insertion order: oldest first.
    for (const [key, e] of entries) {
      if (entries.size <= max) break
      if (e.settled) entries.delete(key)
    }
  }
}

export type IdempotencyCache = ReturnType<typeof createIdempotencyCache>
