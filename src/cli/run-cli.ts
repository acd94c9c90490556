/**
 * Runs the `openclaw` command tree with our strict parser (parse-argv.ts) instead of citty's runMain:
 * commands are still citty `defineCommand` objects with lazy subcommands, but an unknown command or
 * flag, a missing argument or a bad value exits 2 with one line naming it (and the nearest valid
 * name), `--help` prints plain text, and `--version` works on every verb without running it.
 */
import type { ArgsDef, CommandDef } from 'citty'
import { log } from '../log.ts'
import { VERSION } from '../version.ts'
import { EXIT } from './exit-codes.ts'
import { nearestName } from './nearest-name.ts'
import { parseArgv, type ParsedArgv } from './parse-argv.ts'
import { renderHelp } from './render-help.ts'
import { resolveValue } from './resolve-value.ts'
import { UsageError } from './usage-error.ts'

type Command = CommandDef<any>

export async function runCli(root: Command, argv: readonly string[]): Promise<void> {
  const path = ['openclaw']
  try {
    await dispatch(root, argv, path)
  } catch (err) {
    if (err instanceof UsageError) {
      log.error(err.message)
      process.stderr.write(`Run "${path.join(' ')} --help" for usage.\n`)
      process.exit(EXIT.usage)
    }
    log.error(`${path.join(' ')} failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`)
    log.debug(err)
    process.exit(EXIT.failed)
  }
}

async function dispatch(cmd: Command, argv: readonly string[], path: string[]): Promise<void> {
  const subs = await resolveValue(cmd.subCommands)
  if (!subs) {
    const args = ((await resolveValue(cmd.args)) ?? {}) as ArgsDef
    const parsed = parseArgv(argv, args)
    if (parsed.help) return void process.stdout.write(await renderHelp(cmd, path))
    return parsed.version ? printVersion(parsed.json) : runCommand(cmd, parsed, argv)
  }
  const first = argv[0]
  if (first !== undefined && !first.startsWith('-')) {
    const sub = subs[first]
    if (!sub) {
      const guess = nearestName(first, Object.keys(subs))
      throw new UsageError(`unknown command "${first}" for "${path.join(' ')}"${guess ? ` (did you mean "${path.join(' ')} ${guess}"?)` : ''}`)
    }
    path.push(first)
    return dispatch(await resolveValue(sub), argv.slice(1), path)
  }
  // Only flags: they belong to the default subcommand (`openclaw gateway --port 1` runs `gateway run`).
  const fallbackName = await resolveValue(cmd.default)
  const fallback = fallbackName ? await resolveValue(subs[fallbackName]!) : undefined
  const fallbackArgs = fallback ? (((await resolveValue(fallback.args)) ?? {}) as ArgsDef) : undefined
  const parsed = parseArgv(argv, fallbackArgs ?? {})
  if (parsed.help) return void process.stdout.write(await renderHelp(cmd, path, fallbackArgs))
  if (parsed.version) return printVersion(parsed.json)
  if (!fallback || !fallbackName) {
    process.stderr.write(await renderHelp(cmd, path))
    throw new UsageError(`missing command: ${path.join(' ')} <command>`)
  }
  path.push(fallbackName)
  return runCommand(fallback, parsed, argv)
}

async function runCommand(cmd: Command, parsed: ParsedArgv, argv: readonly string[]): Promise<void> {
  if (!cmd.run) throw new UsageError('this command does nothing by itself')
  await cmd.run({ rawArgs: [...argv], args: { _: [], ...parsed.args } as never, cmd })
}

function printVersion(json: boolean): void {
  process.stdout.write(json ? `${JSON.stringify({ version: VERSION })}\n` : `${VERSION}\n`)
}
