import { expect, test } from 'bun:test'
import { usageWindow } from './date-range.ts'

const now = Date.parse('2026-11-30T01:30:00Z')

test('UTC days by default; a preset range counts back from today', () => {
  expect(usageWindow({ range: '7d' }, now)).toEqual({
    startDate: '2026-11-24', endDate: '2026-11-30', from: Date.parse('2026-11-24T00:00:00Z'), to: Date.parse('2026-12-01T00:00:00Z'), offsetMs: 0,
  })
})

test('a named zone cuts days at its midnight, and "today" is its date', () => {
  const w = usageWindow({ mode: 'specific', timeZone: 'America/New_York' }, now)
  // 01:30 UTC is still the 29th in New York (UTC-5 in November).
  expect(w.endDate).toBe('2026-11-29')
  expect(w.offsetMs).toBe(-5 * 3_600_000)
  expect(w.to).toBe(Date.parse('2026-11-30T05:00:00Z'))
})

test('an unknown zone falls back to utcOffset, then UTC', () => {
  expect(usageWindow({ mode: 'specific', timeZone: 'Mars/Olympus', utcOffset: 'UTC+5:30', startDate: '2026-11-01', endDate: '2026-11-02' }, now)).toMatchObject({
    offsetMs: 5.5 * 3_600_000, from: Date.parse('2026-10-31T18:30:00Z'),
  })
  expect(usageWindow({ mode: 'specific', timeZone: 'Mars/Olympus', startDate: '2026-11-01', endDate: '2026-11-01' }, now).offsetMs).toBe(0)
})
