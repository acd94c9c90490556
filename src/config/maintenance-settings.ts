/**
 * `session.maintenance` as the original defines it, mapped onto this gateway's one SQLite store:
 * - `mode`: `enforce` (default) applies the limits; `warn` only logs what they would remove.
 * - `pruneAfter` (default 30 days): a session idle longer is removed. The original archives a durable
 *   session in place instead; this gateway has no archived state, so the session and its transcript go.
 * - `maxEntries` (default 5000): at most this many sessions per agent; the least recently active go first.
 * - `preserveRecent` (off by default): sessions active within this window are never removed by any limit.
 * - `maxDiskBytes` (default "10gb"; `false`, 0 or "0": none): an agent's transcripts may hold this many
 *   bytes; once over it, maintenance sweeps the rows already cut from transcripts and, still above
 *   `highWaterBytes` (default 80% of it), warns: it never removes or cuts a live session, as the original's
 *   budget deletes only archived history (agent/session-maintenance.ts). The original measures the agent's
 *   own database file; here every agent shares one, so what counts is the bytes of each agent's transcript rows.
 * An agent's main session, and one with a run accepted, queued or running, are never removed.
 */
import { parseByteSize } from './byte-size.ts'
import { parseDuration } from './duration.ts'
import type { GatewayFileConfig } from './schema.ts'

const DAY_MS = 86_400_000

export interface MaintenanceSettings {
  mode: 'enforce' | 'warn'
  pruneAfterMs: number
  maxEntries: number
  /** 0: no protection window. */
  preserveRecentMs: number
  /** null: no disk budget (`maxDiskBytes: false`). */
  diskBudget: DiskBudget | null
  /** Time between maintenance passes (not a config key; tests shorten it). */
  intervalMs: number
}

interface DiskBudget {
  /** `maxDiskBytes`: over this, a pass sweeps the rows cut from transcripts. */
  maxBytes: number
  /** `highWaterBytes`: still above this after the sweep, the pass warns (at most `maxBytes`). */
  highWaterBytes: number
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
    diskBudget: diskBudget(m.maxDiskBytes, m.highWaterBytes),
    intervalMs: PASS_INTERVAL_MS,
  }
}

const DEFAULT_MAX_DISK_BYTES = 10 * 1024 ** 3
const HIGH_WATER_RATIO = 0.8

/** As the original resolves them: a high-water mark of zero (or none) is 80% of the budget, and never above it. */
function diskBudget(max: string | number | false | undefined, highWater: string | number | undefined): DiskBudget | null {
  const maxBytes = max === false ? 0 : max === undefined ? DEFAULT_MAX_DISK_BYTES : bytes(max)
  if (!maxBytes) return null
  const mark = highWater === undefined ? 0 : bytes(highWater)
  return { maxBytes, highWaterBytes: mark > 0 ? Math.min(mark, maxBytes) : Math.max(1, Math.floor(maxBytes * HIGH_WATER_RATIO)) }
}

/** The schema admits only byte sizes here. */
const bytes = (value: string | number): number => parseByteSize(String(value)) ?? 0

/** The schema admits only durations here; a bare number counts days. */
const days = (value: string | number | undefined): number | undefined => (value === undefined ? undefined : parseDuration(String(value), 'd'))
