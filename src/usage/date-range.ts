/**
 * The calendar-day window a usage request names (`startDate`/`endDate` or a preset `range`, days in
 * UTC, the gateway's zone, or a given IANA `timeZone` / `utcOffset`) as epoch-ms bounds plus the
 * offset that cuts days. A zone's offset is taken at the window's end (a DST change inside the
 * window moves that day's cut by an hour).
 */
const DAY = 86_400_000
const PRESET_DAYS: Record<string, number> = { '7d': 7, '30d': 30, '90d': 90, '1y': 365 }

export interface UsageWindow {
  startDate: string
  endDate: string
  from: number
  to: number
  offsetMs: number
}

export interface WindowRequest {
  startDate?: string
  endDate?: string
  range?: string
  mode?: 'utc' | 'gateway' | 'specific'
  timeZone?: string
  utcOffset?: string
}

function zoneOffsetMs(timeZone: string, at: number): number | undefined {
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value
    const m = name?.match(/GMT([+-])(\d{2}):(\d{2})/)
    if (!m) return name === 'GMT' ? 0 : undefined
    return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000
  } catch {
    return undefined // an unknown zone: the caller falls back to utcOffset or UTC
  }
}

function utcOffsetMs(text: string | undefined): number | undefined {
  const m = text?.match(/^UTC([+-])(\d{1,2})(?::([0-5]\d))?$/)
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60_000 : undefined
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export function usageWindow(req: WindowRequest, now = Date.now()): UsageWindow {
  const offsetOf = (at: number) => {
    if (req.mode === 'gateway') return -new Date(at).getTimezoneOffset() * 60_000
    if (req.mode === 'specific') return (req.timeZone ? zoneOffsetMs(req.timeZone, at) : undefined) ?? utcOffsetMs(req.utcOffset) ?? 0
    return 0
  }
  const today = day(now + offsetOf(now))
  const endDate = req.endDate ?? today
  const span = req.range === 'all' ? undefined : PRESET_DAYS[req.range ?? '30d'] ?? 30
  const startDate = req.startDate ?? (span === undefined ? '1970-01-01' : day(Date.parse(endDate) - (span - 1) * DAY))
  const end = Date.parse(endDate) + DAY
  const offsetMs = offsetOf(end)
  return { startDate, endDate, from: Date.parse(startDate) - offsetMs, to: end - offsetMs, offsetMs }
}
