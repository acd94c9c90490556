/**
 * One consola instance for the whole process; `logger(tag)` gives each area its own prefix.
 * consola's core with our own line reporter: the fancy reporter costs tens of milliseconds at
 * start-up, and a log line must never crash the gateway (a closed stdout under a supervisor).
 */
import { createConsola, type ConsolaInstance, type ConsolaReporter, type LogObject } from 'consola/core'
import { writeSync } from 'node:fs'

const LABELS: Record<string, string> = {
  fatal: 'FATAL', error: 'ERROR', warn: 'WARN', log: '', info: 'INFO', success: 'OK', start: 'START', debug: 'DEBUG', trace: 'TRACE', box: '', ready: 'READY', fail: 'FAIL',
}

const lineReporter: ConsolaReporter = {
  log(entry: LogObject) {
    const tag = entry.tag ? `[${entry.tag}] ` : ''
    const label = LABELS[entry.type] ? `${LABELS[entry.type]} ` : ''
    const text = entry.args.map((a) => (typeof a === 'string' ? a : Bun.inspect(a, { depth: 4 }))).join(' ')
    const line = `${entry.date.toISOString()} ${label}${tag}${text}\n`
    try {
      writeSync(entry.level <= 1 ? 2 : 1, line)
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
