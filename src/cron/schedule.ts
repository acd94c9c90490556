/** When a job is next due, for each schedule kind. */
import type { Static } from '@sinclair/typebox'
import type { CronSchedule } from '../protocol/methods/cron.ts'
import { CronSyntaxError, nextCronTime, parseCron, zoneFormatter } from './cron-expr.ts'

export type Schedule = Static<typeof CronSchedule>

/** Parses `at`: an ISO date-time, or epoch milliseconds as digits. */
function parseAt(at: string): number | undefined {
  const ms = /^\d+$/.test(at) ? Number(at) : Date.parse(at)
  return Number.isFinite(ms) ? ms : undefined
}

/** As the original: a one-shot may be a minute late (a clock or a client a little behind), and at most ten years ahead. */
const AT_PAST_GRACE_MS = 60_000
const AT_MAX_AHEAD_MS = 10 * 365.25 * 24 * 3600_000

/**
 * Throws CronSyntaxError (bad expression, zone or date) so `cron.add` and `cron.update` can refuse the
 * schedule. An `at` time already past (beyond the grace) is refused rather than run at once.
 */
export function validateSchedule(s: Schedule, now: number): void {
  if (s.kind === 'at') {
    const at = parseAt(s.at)
    if (at === undefined) throw new CronSyntaxError(`"at" is not a date: ${s.at}`)
    if (at < now - AT_PAST_GRACE_MS) {
      throw new CronSyntaxError(`"at" is in the past: ${new Date(at).toISOString()} (${Math.floor((now - at) / 60_000)} minutes ago; now ${new Date(now).toISOString()})`)
    }
    if (at > now + AT_MAX_AHEAD_MS) throw new CronSyntaxError(`"at" is more than 10 years ahead: ${new Date(at).toISOString()}`)
    return
  }
  if (s.kind !== 'cron') return
  parseCron(s.expr)
  if (s.tz) {
    try {
      zoneFormatter(s.tz)
    } catch {
      throw new CronSyntaxError(`unknown time zone: ${s.tz}`)
    }
  }
}

/**
 * An `every` schedule as stored: anchored where its slots are counted from. As the original does, a new
 * job is anchored at its creation (so its first run is one interval later, not at once), and an edited
 * interval keeps its anchor unless the interval itself changed.
 */
export function anchored(s: Schedule, now: number, previous?: Schedule): Schedule {
  if (s.kind !== 'every' || s.anchorMs !== undefined) return s
  // A job stored before anchors were written counts from its creation: keeping it anchorless keeps that.
  if (previous?.kind === 'every' && previous.everyMs === s.everyMs) return previous.anchorMs === undefined ? s : { ...s, anchorMs: previous.anchorMs }
  return { ...s, anchorMs: now }
}

/** The next due time strictly after `afterMs`; undefined when the job will never run again. */
export function nextRunAt(s: Schedule, afterMs: number, ctx: { createdAtMs: number; jobId: string; lastRunAtMs?: number }): number | undefined {
  if (s.kind === 'at') {
    const at = parseAt(s.at)
    return at !== undefined && ctx.lastRunAtMs === undefined ? at : undefined
  }
  if (s.kind === 'every') {
    const anchor = s.anchorMs ?? ctx.createdAtMs
    if (afterMs < anchor) return anchor
    return anchor + (Math.floor((afterMs - anchor) / s.everyMs) + 1) * s.everyMs
  }
  const next = nextCronTime(parseCron(s.expr), afterMs, s.tz || 'UTC')
  // A fixed per-job offset spreads jobs that share an expression (e.g. many "0 * * * *").
  return next === undefined || !s.staggerMs ? next : next + (hash(ctx.jobId) % s.staggerMs)
}

function hash(text: string): number {
  let h = 0
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0
  return h
}
