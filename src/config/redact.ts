/**
 * Secrets in the config (tokens, passwords, API keys) never leave the gateway: `config.get` shows
 * them as `__OPENCLAW_REDACTED__`, as the original does, and a write that sends the placeholder back
 * keeps the value already on disk at that path. `${VAR}` references are not secrets and stay visible.
 */
import { valueAt } from './value-at.ts'

export const REDACTED = '__OPENCLAW_REDACTED__'

/** Keys whose string value is a credential, wherever they appear. */
const SECRET_KEYS = new Set(['token', 'password', 'apiKey', 'botToken', 'appToken', 'signingSecret', 'webhookSecret'])

const isEnvRef = (v: string) => /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(v)

/** Secret keys, and every value under a provider's `headers` (they carry `Authorization`). */
export function isSecretPath(path: readonly string[]): boolean {
  const key = path[path.length - 1]!
  return SECRET_KEYS.has(key) || path[path.length - 2] === 'headers'
}

type Visit = (value: string, path: string[]) => string

/** A copy of `value` with every string replaced by `visit`'s answer for it. */
function mapStrings(value: unknown, visit: Visit, path: string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v, i) => mapStrings(v, visit, [...path, String(i)]))
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, visit, [...path, k])
    return out
  }
  return typeof value === 'string' ? visit(value, path) : value
}

/** Like mapStrings, but visits only the strings at secret paths. */
function mapSecrets(value: unknown, visit: Visit): unknown {
  return mapStrings(value, (v, path) => (path.length > 0 && isSecretPath(path) ? visit(v, path) : v))
}

export function redactConfig<T>(config: T): T {
  return mapSecrets(config, (v) => (v === '' || isEnvRef(v) ? v : REDACTED)) as T
}

/** The file's text with each secret's string literal replaced by the placeholder (comments and layout kept). */
export function redactRaw(raw: string, config: unknown): string {
  const secrets = new Set<string>()
  mapSecrets(config, (v) => (v !== '' && v !== REDACTED && !isEnvRef(v) && secrets.add(v), v))
  let out = raw
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    for (const literal of [JSON.stringify(secret), `'${secret.replaceAll("'", "\\'")}'`]) out = out.replaceAll(literal, JSON.stringify(REDACTED))
  }
  return out
}

/**
 * Puts back the current value wherever `next` holds the placeholder. A placeholder with nothing to
 * restore (the path holds no secret today) is a problem for the caller to report.
 */
export function restoreRedacted<T>(next: T, current: unknown): { value: T; restored: number; problems: { path: string; message: string }[] } {
  const problems: { path: string; message: string }[] = []
  let restored = 0
  // Every string, not only secret paths: a placeholder may sit under any key a client echoes back.
  const value = mapStrings(next, (v, path) => {
    if (v !== REDACTED) return v
    const old = valueAt(current, path)
    if (typeof old === 'string' && old !== REDACTED) {
      restored++
      return old
    }
    problems.push({ path: path.join('.'), message: `${REDACTED} has no current value to keep; send the real value` })
    return v
  }) as T
  return { value, restored, problems }
}
