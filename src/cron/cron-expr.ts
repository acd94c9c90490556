/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week) evaluated in an IANA time
 * zone through Intl. Supports `*`, lists, ranges, steps, month and weekday names, 7 = Sunday, and the
 * @hourly/@daily/@weekly/@monthly/@yearly macros. When both day fields are restricted, either may
 * match (classic cron). Wall-clock times skipped by a DST jump never fire; repeated ones fire once per
 * real occurrence.
 */
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
}
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

export interface CronExpr {
  minutes: Set<number>
  hours: Set<number>
  days: Set<number>
  months: Set<number>
  weekdays: Set<number>
  daysRestricted: boolean
  weekdaysRestricted: boolean
}

export class CronSyntaxError extends Error {
  override name = 'CronSyntaxError'
}

/** @example parseCron('*\/15 9-17 * * mon-fri') */
export function parseCron(text: string): CronExpr {
  const expr = MACROS[text.trim().toLowerCase()] ?? text.trim()
  const fields = expr.split(/\s+/)
  if (fields.length !== 5) throw new CronSyntaxError(`cron expression needs 5 fields (minute hour day month weekday), got ${fields.length}: "${text}"`)
  const weekdays = parseField(fields[4]!, 0, 7, DAYS)
  if (weekdays.has(7)) {
    weekdays.delete(7)
    weekdays.add(0)
  }
  return {
    minutes: parseField(fields[0]!, 0, 59),
    hours: parseField(fields[1]!, 0, 23),
    days: parseField(fields[2]!, 1, 31),
    months: parseField(fields[3]!, 1, 12, MONTHS, 1),
    weekdays,
    daysRestricted: fields[2] !== '*' && fields[2] !== '?',
    weekdaysRestricted: fields[4] !== '*' && fields[4] !== '?',
  }
}

function parseField(field: string, min: number, max: number, names: string[] = [], nameBase = 0): Set<number> {
  const out = new Set<number>()
  const value = (s: string) => {
    const named = names.indexOf(s.toLowerCase())
    const n = named >= 0 ? named + nameBase : Number(s)
    if (!Number.isInteger(n) || n < min || n > max) throw new CronSyntaxError(`"${s}" is out of range ${min}-${max}`)
    return n
  }
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/')
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) throw new CronSyntaxError(`bad step in "${part}"`)
    let lo: number
    let hi: number
    if (range === '*' || range === '?') [lo, hi] = [min, max]
    else if (range!.includes('-')) {
      const [a, b] = range!.split('-')
      ;[lo, hi] = [value(a!), value(b!)]
      if (lo > hi) throw new CronSyntaxError(`range "${range}" runs backwards`)
    } else {
      lo = value(range!)
      hi = stepText === undefined ? lo : max
    }
    for (let n = lo; n <= hi; n += step) out.add(n)
  }
  return out
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** Throws RangeError for an unknown zone. */
export function zoneFormatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short',
    })
    formatters.set(tz, f)
  }
  return f
}

function wallClock(ms: number, tz: string) {
  const parts: Record<string, string> = {}
  for (const p of zoneFormatter(tz).formatToParts(ms)) parts[p.type] = p.value
  return { month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), weekday: DAYS.indexOf(parts.weekday!.toLowerCase()) }
}

/** Longest look-ahead: an expression like "0 0 30 2 *" never matches and must not spin forever. */
const HORIZON_MS = 5 * 366 * 86_400_000

/** The first matching minute strictly after `afterMs`, or undefined if none within five years. */
export function nextCronTime(expr: CronExpr, afterMs: number, tz = 'UTC'): number | undefined {
  let t = Math.floor(afterMs / 60_000) * 60_000 + 60_000
  const limit = afterMs + HORIZON_MS
  while (t <= limit) {
    const w = wallClock(t, tz)
    const dayOk = expr.daysRestricted && expr.weekdaysRestricted
      ? expr.days.has(w.day) || expr.weekdays.has(w.weekday)
      : expr.days.has(w.day) && expr.weekdays.has(w.weekday)
    if (!expr.months.has(w.month) || !dayOk) t += ((23 - w.hour) * 60 + (60 - w.minute)) * 60_000
    else if (!expr.hours.has(w.hour)) t += (60 - w.minute) * 60_000
    else if (!expr.minutes.has(w.minute)) t += 60_000
    else return t
  }
  return undefined
}
