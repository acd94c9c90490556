/**
 * Checked reads of single values from the original's rows: nothing read from its files is trusted, so
 * each value is taken only when it has the expected type, and undefined otherwise.
 */

/** A non-empty string. */
export const optionalText = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined)

/** A non-negative whole number of milliseconds. */
export const finiteMs = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined

/** A JSON column parsed, or undefined when it does not parse. */
export function jsonOf(v: unknown): unknown {
  if (typeof v !== 'string') return undefined
  try {
    return JSON.parse(v)
  } catch {
    return undefined
  }
}

/** An array of strings, or undefined when it is anything else. */
export const stringList = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined
