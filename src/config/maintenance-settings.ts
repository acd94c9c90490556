/**
 * `session.maintenance` as the original defines it, mapped onto this gateway's one SQLite store:
 * - `mode`: `enforce` (default) applies the limits; `warn` only logs what they would remove.
 * - `pruneAfter` (default 30 days): a session idle longer is removed. The original archives a durable
 *   session in place instead; this gateway has no archived state, so the session and its transcript go.
 * - `maxEntries` (default 5000): at most this many sessions per agent; the least recently active go first.
 * - `preserveRecent` (off by default): sessions active within this window are never removed by either limit.
 * An agent's main session, and one with a run accepted, queued or running, are never removed.
 */
import { parseDuration } from './duration.ts'
import type { GatewayFileConfig } from './schema.ts'

const DAY_MS = 86_400_000

export interface MaintenanceSettings {
  mode: 'enforce' | 'warn'
  pruneAfterMs: number
  maxEntries: number
  /** 0: no protection window. */
  preserveRecentMs: number
  /** Time between maintenance passes (not a config key; tests shorten it). */
  intervalMs: number
}

/** Every five minutes: between passes a busy gateway gains at most that many minutes of new sessions over `maxEntries`. */
const PASS_INTERVAL_MS = 5 * 60_000

export function resolveMaintenance(config: GatewayFileConfig): MaintenanceSettings {
  const m = config.session?.maintenance ?? {}
  return {
    mode: m.mode ?? 'enforce',
    pruneAfterMs: days(m.pruneAfter) ?? 30 * DAY_MS,
    maxEntries: m.maxEntries ?? 5000,
    preserveRecentMs: m.preserveRecent === false ? 0 : (days(m.preserveRecent) ?? 0),
    intervalMs: PASS_INTERVAL_MS,
  }
}

/** The schema admits only durations here; a bare number counts days. */
const days = (value: string | number | undefined): number | undefined => (value === undefined ? undefined : parseDuration(String(value), 'd'))
