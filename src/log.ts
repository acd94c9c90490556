/**
 * One consola instance for the whole process; `logger(tag)` gives each area its own prefix.
 * consola's core with our own line reporter: the fancy reporter costs tens of milliseconds at
 * start-up, and a log line must never crash the gateway (a closed stdout under a supervisor).
 */
import { createConsola, type ConsolaInstance, type ConsolaReporter, type LogObject } from 'consola/core'
import { writeSync } from 'node:fs'
import { colorEnabled, paint } from './log-color.ts'

const LABELS: Record<string, string> = {
  fatal: 'FATAL', error: 'ERROR', warn: 'WARN', log: '', info: 'INFO', success: 'OK', start: 'START', debug: 'DEBUG', trace: 'TRACE', box: '', ready: 'READY', fail: 'FAIL',
}

const LABEL_COLORS = { ERROR: 'red', FATAL: 'red', FAIL: 'red', WARN: 'yellow', OK: 'green', READY: 'green', DEBUG: 'gray', TRACE: 'gray' } as const
// Decided once per stream: a log line must not pay for an isatty call.
const COLOR = { 1: colorEnabled(1), 2: colorEnabled(2) }

const lineReporter: ConsolaReporter = {
  log(entry: LogObject) {
    const fd = entry.level <= 1 ? 2 : 1
    const name = LABELS[entry.type]
    const color = name && COLOR[fd] ? LABEL_COLORS[name as keyof typeof LABEL_COLORS] : undefined
    const label = name ? `${color ? paint(color, name) : name} ` : ''
    const tag = entry.tag ? `[${entry.tag}] ` : ''
    const text = entry.args.map((a) => (typeof a === 'string' ? a : Bun.inspect(a, { depth: 4, colors: COLOR[fd] }))).join(' ')
    const time = COLOR[fd] ? paint('gray', entry.date.toISOString()) : entry.date.toISOString()
    const line = `${time} ${label}${tag}${text}\n`
    try {
      writeSync(fd, line)
    } catch {
      // Nowhere to write to: dropping the line is better than dying.
    }
  },
}

const level = process.env.OPENCLAW_LOG_LEVEL ? Number(process.env.OPENCLAW_LOG_LEVEL) : 3

export const log = createConsola({ level, reporters: [lineReporter] })

/**
 * A tagged logger, built on its first use: each consola instance costs a deep options merge and a
 * wrapper per log type, and most modules that take one at load time never log during start-up.
 */
export function logger(tag: string): ConsolaInstance {
  let tagged: ConsolaInstance | undefined
  return new Proxy(log, { get: (_, key) => Reflect.get((tagged ??= log.withTag(tag)), key) })
}
