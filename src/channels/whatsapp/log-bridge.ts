/**
 * Baileys logs through a pino-shaped object. Real pino (with transports) cannot run inside the
 * compiled binary, so Baileys gets this stand-in that writes to our consola logger instead. Baileys
 * is chatty at `info` (every frame, every sync), so its info goes to our debug level.
 */
import type { ConsolaInstance } from 'consola/core'

export interface PinoLike {
  level: string
  child(bindings: Record<string, unknown>): PinoLike
  trace(obj: unknown, msg?: string): void
  debug(obj: unknown, msg?: string): void
  info(obj: unknown, msg?: string): void
  warn(obj: unknown, msg?: string): void
  error(obj: unknown, msg?: string): void
  fatal(obj: unknown, msg?: string): void
}

function describe(obj: unknown, msg: string | undefined, bindings: Record<string, unknown>): string {
  const scope = typeof bindings.class === 'string' ? `${bindings.class}: ` : ''
  if (typeof obj === 'string') return scope + obj
  const detail = obj instanceof Error ? obj.message : (obj as { err?: Error })?.err?.message ?? safeJson(obj)
  return `${scope}${msg ?? ''}${detail && detail !== '{}' ? ` ${detail}` : ''}`
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? String(v) : v))
    return text && text.length > 300 ? `${text.slice(0, 300)}…` : (text ?? '')
  } catch {
    return ''
  }
}

export function bridgeLogger(log: ConsolaInstance, bindings: Record<string, unknown> = {}): PinoLike {
  const at = (write: (line: string) => void) => (obj: unknown, msg?: string) => write(describe(obj, msg, bindings))
  return {
    // Baileys builds expensive trace payloads only when `level === 'trace'`.
    level: log.level >= 5 ? 'trace' : log.level >= 4 ? 'debug' : 'info',
    child: (more) => bridgeLogger(log, { ...bindings, ...more }),
    trace: at((l) => log.trace(l)),
    debug: at((l) => log.debug(l)),
    info: at((l) => log.debug(l)),
    warn: at((l) => log.warn(l)),
    error: at((l) => log.error(l)),
    fatal: at((l) => log.error(l)),
  }
}
