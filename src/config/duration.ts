/** Durations as the config writes them: "30m", "1h", "45s", "1500ms", "2d"; a bare number is minutes unless said otherwise. */
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** @example parseDuration('30m') === 1_800_000; parseDuration('2', 'd') === 172_800_000; parseDuration('bogus') === undefined */
export function parseDuration(text: string, bareUnit: keyof typeof UNITS = 'm'): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text)
  if (!m) return undefined
  return Math.round(Number(m[1]) * UNITS[(m[2] ?? bareUnit).toLowerCase()]!)
}
