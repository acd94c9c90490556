/**
 * `openclaw gateway [run] --flag value …` is how the daemon starts, so it skips the command tree: the
 * runner reaches `run` through two lazy chunks. The argv is read by the same parser the full CLI uses
 * (parse-argv.ts), so both paths agree by construction. Anything else (help, version, another verb, a
 * usage error) returns undefined and goes through the full CLI, which reports it.
 */
import type { GatewayFlags } from '../config/settings.ts'
import { runArgs } from './commands/gateway/run-args.ts'
import { parseArgv } from './parse-argv.ts'

type RunFlags = GatewayFlags & { config?: string; moveCorruptDb?: boolean }

export function fastGatewayRunArgs(argv: readonly string[]): RunFlags | undefined {
  if (argv[0] !== 'gateway') return undefined
  const rest = argv[1] === 'run' ? argv.slice(2) : argv.slice(1)
  if (rest[0] !== undefined && !rest[0].startsWith('-')) return undefined
  try {
    const parsed = parseArgv(rest, runArgs)
    return parsed.help || parsed.version ? undefined : (parsed.args as RunFlags)
  } catch {
    return undefined
  }
}
