/**
 * Keeps secrets out of log lines. Two nets: the exact values the gateway knows are secret (its token
 * and password, provider API keys, channel credentials: those of the config in force, set at start-up
 * and again at each config change), and the shapes secrets usually have when they arrive from elsewhere
 * (a Bearer header, `apiKey=…`, vendor key prefixes).
 */

const MASK = '***'
let knownPattern: RegExp | undefined

// Shorter values would mask ordinary words; no real credential is this short.
const MIN_SECRET_LENGTH = 6

/**
 * The values that must never appear in a log line: the whole list, replacing the previous one, so that
 * a config edited a thousand times does not leave a thousand-value pattern behind.
 */
export function setSecrets(values: Iterable<string | undefined>): void {
  const known = new Set<string>()
  for (const v of values) if (v && v.length >= MIN_SECRET_LENGTH) known.add(v)
  const escaped = [...known].sort((a, b) => b.length - a.length).map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  knownPattern = escaped.length ? new RegExp(escaped.join('|'), 'g') : undefined
}

/**
 * `key=value`, `"key":"value"`, `key: 'value'` (an inspected object) for a credential-named key. A bare
 * `key: word` is prose, such as the validation message `botToken: Expected string`, and stays readable.
 */
function assignment(key: string): string {
  return `(\\w*${key}\\w*(?:["']?\\s*=\\s*["']?|["']\\s*:\\s*["']?|\\s*:\\s*["']))`
}

const SHAPES: [RegExp, string][] = [
  [/\b(Bearer|Basic|Bot)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${MASK}`],
  [new RegExp(`${assignment('(?:password|passwd|secret|api[_-]?key|authorization|cookie)')}(?!\\*\\*\\*)[^\\s"'&,;}\\]]{4,}`, 'gi'), `$1${MASK}`],
  // `token=…` but not `tokens: 12` or `maxTokens=4096`: a token value has a letter in it.
  [new RegExp(`${assignment('token')}(?!\\*\\*\\*)(?=[^\\s"'&,;}\\]]*[A-Za-z])[^\\s"'&,;}\\]]{8,}`, 'gi'), `$1${MASK}`],
  [/\b(?:sk|pk|rk)-[A-Za-z0-9_-]{12,}/g, MASK],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}|\bxapp-[A-Za-z0-9-]{10,}/g, MASK],
  // Telegram bot tokens: <bot id>:<35 chars>.
  [/\b\d{6,12}:[A-Za-z0-9_-]{30,}/g, MASK],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, MASK],
]

export function redactSecrets(text: string): string {
  let out = knownPattern ? text.replace(knownPattern, MASK) : text
  for (const [re, to] of SHAPES) out = out.replace(re, to)
  return out
}

const CREDENTIAL_KEY = /token|password|passwd|secret|api[_-]?key|private[_-]?key|cookie|authorization/i

/** The string values under credential-named keys anywhere in a config object (e.g. `channels`). */
export function credentialValues(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return CREDENTIAL_KEY.test(key) ? [value] : []
  if (Array.isArray(value)) return value.flatMap((v) => credentialValues(v, key))
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => credentialValues(v, k))
  return []
}
