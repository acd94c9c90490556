/**
 * One consola instance for the whole process; `logger(tag)` gives each area its own prefix.
 * consola's core with our own line reporter: the fancy reporter costs tens of milliseconds at
 * start-up, and a log line must never crash the gateway (a closed stdout under a supervisor).
 * Every line is redacted (logs/redact.ts) and, at info and above, kept in the in-memory ring that
 * `logs.tail` reads, whatever the console shows (the original's file log has its own level too).
 */
import { createConsola, type ConsolaInstance, type ConsolaReporter, type LogObject } from 'consola/core'
import { writeSync } from 'node:fs'
import { colorEnabled, paint } from './log-color.ts'
import { createLogRing } from './logs/log-ring.ts'
import { redactSecrets } from './logs/redact.ts'

const LABELS: Record<string, string> = {
  fatal: 'FATAL', error: 'ERROR', warn: 'WARN', log: '', info: 'INFO', success: 'OK', start: 'START', debug: 'DEBUG', trace: 'TRACE', box: '', ready: 'READY', fail: 'FAIL',
}

const LABEL_COLORS = { ERROR: 'red', FATAL: 'red', FAIL: 'red', WARN: 'yellow', OK: 'green', READY: 'green', DEBUG: 'gray', TRACE: 'gray' } as const
// Decided once per stream: a log line must not pay for an isatty call.
const COLOR = { 1: colorEnabled(1), 2: colorEnabled(2) }

/** The level names the Control UI's Logs page filters on. */
const RING_LEVELS: Record<string, string> = { fatal: 'fatal', error: 'error', fail: 'error', warn: 'warn', debug: 'debug', trace: 'trace' }

/** consola levels: 0 fatal/error, 1 warn, 2 log, 3 info, 4 debug, 5 trace. The ring keeps up to info. */
const RING_LEVEL = 3

/** About the last hour of a busy gateway; a line is typically 150-300 bytes. */
export const gatewayLogs = createLogRing({ maxBytes: 4 * 1024 * 1024, maxLines: 20_000, file: `memory:gateway-${process.pid}-${Date.now()}` })

let consoleLevel = process.env.OPENCLAW_LOG_LEVEL ? Number(process.env.OPENCLAW_LOG_LEVEL) : 3

const lineReporter: ConsolaReporter = {
  log(entry: LogObject) {
    const text = redactSecrets(entry.args.map((a) => (typeof a === 'string' ? a : Bun.inspect(a, { depth: 4 }))).join(' '))
    const time = entry.date.toISOString()
    if (entry.level <= RING_LEVEL) {
      gatewayLogs.append(JSON.stringify({ time, level: RING_LEVELS[entry.type] ?? 'info', subsystem: entry.tag || 'gateway', message: text }))
    }
    if (entry.level > consoleLevel) return
    const fd = entry.level <= 1 ? 2 : 1
    const name = LABELS[entry.type]
    const color = name && COLOR[fd] ? LABEL_COLORS[name as keyof typeof LABEL_COLORS] : undefined
    const label = name ? `${color ? paint(color, name) : name} ` : ''
    const tag = entry.tag ? `[${entry.tag}] ` : ''
    try {
      writeSync(fd, `${COLOR[fd] ? paint('gray', time) : time} ${label}${tag}${text}\n`)
    } catch {
      // Nowhere to write to: dropping the line is better than dying.
    }
  },
}

export const log = createConsola({ level: Math.max(consoleLevel, RING_LEVEL), reporters: [lineReporter] })

/** What reaches stdout/stderr (tests quiet it); the ring's level does not change. */
export function setConsoleLevel(level: number): void {
  consoleLevel = level
  log.level = Math.max(level, RING_LEVEL)
}

/**
 * A tagged logger, built on its first use: each consola instance costs a deep options merge and a
 * wrapper per log type, and most modules that take one at load time never log during start-up.
 */
export function logger(tag: string): ConsolaInstance {
  let tagged: ConsolaInstance | undefined
  return new Proxy(log, { get: (_, key) => Reflect.get((tagged ??= log.withTag(tag)), key) })
}
