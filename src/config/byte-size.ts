/** Byte sizes as the original's config writes them: "500mb", "10gb", "512kb", "1.5g"; binary units (1 kb = 1024 b), a bare number is bytes. */
const UNITS: Record<string, number> = { b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4 }

/** The schema's pattern for a byte-size string (the units in any case). */
export const BYTE_SIZE_PATTERN = '^\\s*\\d+(\\.\\d+)?([bB]|[kKmMgGtT][bB]?)?\\s*$'

/** @example parseByteSize('500mb') === 524_288_000; parseByteSize('10') === 10; parseByteSize('ten') === undefined */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)([a-z]+)?\s*$/i.exec(text)
  const unit = UNITS[(m?.[2] ?? 'b').toLowerCase()]
  if (!m || !unit) return undefined
  const bytes = Math.round(Number(m[1]) * unit)
  return Number.isSafeInteger(bytes) ? bytes : undefined
}
