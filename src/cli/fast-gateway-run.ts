/**
 * `openclaw gateway [run] --flag value …` is how the daemon starts, so it skips citty: citty loads
 * node:util (≈4 ms) and reaches `run` through two lazy chunks. Only argv that citty reads the same way
 * takes this path: known run flags, each at most once, each with a plain value (`--port 1` or
 * `--port=1`). Anything else (help, version, other verbs, repeated or unknown flags, a value starting
 * with "-") returns undefined and goes through citty as before.
 */
import type { GatewayFlags } from '../config/settings.ts'
import { runArgs } from './commands/gateway/run-args.ts'

type RunFlags = GatewayFlags & { config?: string }

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())

export function fastGatewayRunArgs(argv: readonly string[]): RunFlags | undefined {
  if (argv[0] !== 'gateway') return undefined
  const rest = argv[1] === 'run' ? argv.slice(2) : argv.slice(1)
  const flags: Record<string, string> = {}
  for (let i = 0; i < rest.length; i++) {
    const m = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(rest[i]!)
    const name = m?.[1]
    if (!m || !name || !Object.hasOwn(runArgs, name) || camel(name) in flags) return undefined
    // Boolean flags (`--move-corrupt-db`) take no value; citty reads those.
    if (runArgs[name as keyof typeof runArgs].type !== 'string') return undefined
    const value = m[2] ?? rest[++i]
    if (value === undefined || value === '' || value.startsWith('-')) return undefined
    flags[camel(name)] = value
  }
  return flags
}
