/**
 * Whether a stream gets ANSI colour: only a terminal, unless NO_COLOR (any non-empty value) turns it
 * off or FORCE_COLOR (anything but 0/false) turns it on; NO_COLOR wins. consola's own detection
 * looks at stdout for every stream and treats FORCE_COLOR=0 as "force", so it is not used here.
 */
import { isatty } from 'node:tty'

export function colorEnabled(fd: 1 | 2, env = process.env): boolean {
  if (env.NO_COLOR) return false
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false'
  return isatty(fd) && env.TERM !== 'dumb'
}

const CODES = { red: 31, yellow: 33, green: 32, cyan: 36, gray: 90 } as const

export function paint(color: keyof typeof CODES, text: string): string {
  return `\u001B[${CODES[color]}m${text}\u001B[39m`
}
