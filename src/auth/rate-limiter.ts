/**
 * Failed-auth limiter per client address, shared by every credential check (the WebSocket `connect`
 * and HTTP `Authorization: Bearer`): `maxAttempts` failures within `windowMs` lock the address out for
 * `lockoutMs`. Successful auth does not reset a lockout; it clears the failure history. Only this
 * host's own direct traffic can be exempt (`exemptLoopback`), never a proxied request naming loopback.
 *
 * The state is bounded: expired entries are pruned, and past `maxTracked` addresses the oldest are
 * dropped first, so a spray of addresses costs a fixed amount of memory.
 */
import { isDirectLoopback, type ClientAddress } from './locality.ts'

export interface RateLimitConfig {
  maxAttempts: number
  windowMs: number
  lockoutMs: number
  exemptLoopback: boolean
}

/** Addresses tracked at once; a Map keeps insertion order, so the first key is the oldest. */
const MAX_TRACKED_ADDRESSES = 10_000

interface Entry {
  failures: number[]
  lockedUntil: number
}

/** `config` is read at each use, so a live config edit applies to the next attempt. */
export function createAuthRateLimiter(config: () => RateLimitConfig, now = () => Date.now(), maxTracked = MAX_TRACKED_ADDRESSES) {
  const entries = new Map<string, Entry>()

  const exempt = (address: ClientAddress) => config().exemptLoopback && isDirectLoopback(address)

  return {
    /** Milliseconds until this address may try again, or 0 when it may try now. */
    retryAfter(address: ClientAddress): number {
      if (exempt(address)) return 0
      const wait = (entries.get(address.ip)?.lockedUntil ?? 0) - now()
      return wait > 0 ? wait : 0
    },
    recordFailure(address: ClientAddress): void {
      if (exempt(address)) return
      const t = now()
      const { windowMs, maxAttempts, lockoutMs } = config()
      const entry = entries.get(address.ip) ?? { failures: [], lockedUntil: 0 }
      entry.failures = entry.failures.filter((at) => t - at < windowMs)
      entry.failures.push(t)
      if (entry.failures.length >= maxAttempts) {
        entry.lockedUntil = t + lockoutMs
        entry.failures = []
      }
      // Re-inserted so the most recently failing addresses are the last to be dropped.
      entries.delete(address.ip)
      entries.set(address.ip, entry)
      while (entries.size > maxTracked) entries.delete(entries.keys().next().value!)
    },
    recordSuccess(address: ClientAddress): void {
      const entry = entries.get(address.ip)
      if (!entry) return
      if (entry.lockedUntil > now()) entry.failures = []
      else entries.delete(address.ip)
    },
    /** Drops entries with neither a live lockout nor a failure inside the window. */
    prune(): void {
      const t = now()
      const { windowMs } = config()
      for (const [ip, e] of entries) {
        if (e.lockedUntil <= t && e.failures.every((at) => t - at >= windowMs)) entries.delete(ip)
      }
    },
    /** Addresses currently tracked (for tests and the soak benchmark). */
    size: () => entries.size,
  }
}

export type AuthRateLimiter = ReturnType<typeof createAuthRateLimiter>
