import { describe, expect, test } from 'bun:test'
import { CronSyntaxError, nextCronTime, parseCron } from './cron-expr.ts'
import { nextRunAt } from './schedule.ts'

const at = (iso: string) => Date.parse(iso)
const next = (expr: string, from: string, tz?: string) => new Date(nextCronTime(parseCron(expr), at(from), tz)!).toISOString()

describe('cron expressions', () => {
  test('steps, ranges, lists and names', () => {
    expect(next('*/15 * * * *', '2026-01-01T10:07:00Z')).toBe('2026-01-01T10:15:00.000Z')
    expect(next('0 9-17/4 * * *', '2026-01-01T14:00:00Z')).toBe('2026-01-01T17:00:00.000Z')
    expect(next('30 8 * * mon-fri', '2026-01-02T09:00:00Z')).toBe('2026-01-05T08:30:00.000Z') // Fri → Mon
    expect(next('0 0 1 jan,jul *', '2026-02-01T00:00:00Z')).toBe('2026-07-01T00:00:00.000Z')
    expect(next('0 12 * * 7', '2026-01-01T00:00:00Z')).toBe('2026-01-04T12:00:00.000Z') // 7 = Sunday
    expect(next('@hourly', '2026-01-01T10:00:00Z')).toBe('2026-01-01T11:00:00.000Z')
  })

  test('both day fields restricted: either matches', () => {
    expect(next('0 0 13 * fri', '2026-02-01T00:00:00Z')).toBe('2026-02-06T00:00:00.000Z')
  })

  test('time zones, across a DST change', () => {
    // 09:00 in New York is 14:00Z in winter and 13:00Z after the March switch.
    expect(next('0 9 * * *', '2026-03-07T15:00:00Z', 'America/New_York')).toBe('2026-03-08T13:00:00.000Z')
    expect(next('0 9 * * *', '2026-01-10T15:00:00Z', 'America/New_York')).toBe('2026-01-11T14:00:00.000Z')
    expect(next('30 2 * * *', '2026-03-07T12:00:00Z', 'America/New_York')).toBe('2026-03-09T06:30:00.000Z') // 02:30 skipped on the 8th
  })

  test('bad expressions are refused', () => {
    for (const bad of ['* * * *', '61 * * * *', '* * * * mon-xyz', '*/0 * * * *', '5-1 * * * *']) {
      expect(() => parseCron(bad)).toThrow(CronSyntaxError)
    }
  })

  test('an impossible date never matches', () => {
    expect(nextCronTime(parseCron('0 0 30 2 *'), Date.now())).toBeUndefined()
  })
})

describe('schedules', () => {
  const ctx = { createdAtMs: 1000, jobId: 'j' }
  test('every: aligned to the anchor', () => {
    expect(nextRunAt({ kind: 'every', everyMs: 100 }, 1250, ctx)).toBe(1300)
    expect(nextRunAt({ kind: 'every', everyMs: 100, anchorMs: 5000 }, 1250, ctx)).toBe(5000)
  })
  test('at: once, then never', () => {
    expect(nextRunAt({ kind: 'at', at: '2030-01-01T00:00:00Z' }, 0, ctx)).toBe(at('2030-01-01T00:00:00Z'))
    expect(nextRunAt({ kind: 'at', at: '2030-01-01T00:00:00Z' }, 0, { ...ctx, lastRunAtMs: 5 })).toBeUndefined()
  })
})
