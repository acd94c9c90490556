/**
 * The one argv parser behind every verb, and behind the `gateway run` fast path. Strict where citty
 * is lenient: an unknown flag, a missing or empty value, a repeated flag or a stray word is a
 * UsageError that names it, and each value is checked here, where it is read, so the message names
 * the flag. A string flag always takes the next word as its value, so `--token -kGG8…` works.
 * Free of citty at run time: the fast path must not load it.
 */
import type { ArgDef, ArgsDef } from 'citty'
import { nearestName } from './nearest-name.ts'
import { UsageError } from './usage-error.ts'

/**
 * citty's argument definition plus what our parser adds: `check` says what is wrong with a value
 * (undefined when it is fine), `repeatable` collects every occurrence into an array.
 */
export type CliArgDef = ArgDef & { check?: (value: string) => string | undefined; repeatable?: boolean }

export interface ParsedArgv {
  /** By kebab-case name and by camelCase name, as citty hands them to `run`. */
  args: Record<string, unknown>
  help: boolean
  version: boolean
  json: boolean
}

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())

function flagTable(defs: ArgsDef): Map<string, [string, CliArgDef]> {
  const table = new Map<string, [string, CliArgDef]>()
  for (const [name, def] of Object.entries(defs) as [string, CliArgDef][]) {
    if (def.type === 'positional') continue
    table.set(`--${name}`, [name, def])
    const aliases = 'alias' in def && def.alias ? [def.alias].flat() : []
    for (const alias of aliases) table.set(alias.length === 1 ? `-${alias}` : `--${alias}`, [name, def])
  }
  return table
}

export function parseArgv(argv: readonly string[], defs: ArgsDef): ParsedArgv {
  const flags = flagTable(defs)
  const values = new Map<string, unknown>()
  const words: string[] = []
  let help = false
  let version = false
  let json = false
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!
    if (token === '--') {
      words.push(...argv.slice(i + 1))
      break
    }
    if (!token.startsWith('-') || token === '-') {
      words.push(token)
      continue
    }
    if (token === '--help' || token === '-h') help = true
    else if (token === '--version' || token === '-v' || token === '-V') version = true
    else if (token === '--json' && !flags.has('--json')) json = true // only meaningful with --version; checked below
    else i = readFlag(argv, i, flags, values)
  }
  if (json && !version) throw unknownFlag('--json', flags)
  const args: Record<string, unknown> = {}
  const set = (name: string, value: unknown) => {
    args[name] = value
    args[camel(name)] = value
  }
  for (const [name, def] of Object.entries(defs) as [string, CliArgDef][]) {
    if (def.type === 'positional') continue
    const value = values.get(name) ?? def.default
    if (value !== undefined) set(name, value)
    else if (def.required && !help && !version) throw new UsageError(`--${name} is required`)
  }
  assignPositionals(words, defs, set, help || version)
  return { args, help, version, json: json || args.json === true }
}

/** Reads the flag at argv[i] (and its value); returns the index of the last word it used. */
function readFlag(argv: readonly string[], i: number, flags: Map<string, [string, CliArgDef]>, values: Map<string, unknown>): number {
  const token = argv[i]!
  const eq = token.startsWith('--') ? token.indexOf('=') : -1
  const key = eq > 0 ? token.slice(0, eq) : token
  let entry = flags.get(key)
  let negated = false
  if (!entry && key.startsWith('--no-')) {
    const positive = flags.get(`--${key.slice(5)}`)
    if (positive?.[1].type === 'boolean') [entry, negated] = [positive, true]
  }
  if (!entry) throw unknownFlag(key, flags)
  const [name, def] = entry
  if (def.type === 'boolean') {
    if (eq > 0) throw new UsageError(`${key} takes no value`)
    values.set(name, !negated)
    return i
  }
  const value = eq > 0 ? token.slice(eq + 1) : argv[i + 1]
  const flag = `--${name}`
  if (value === undefined || value.trim() === '') throw new UsageError(`${flag} needs a value${def.valueHint ? ` (${def.valueHint})` : ''}`)
  if (def.type === 'enum' && def.options && !def.options.includes(value)) {
    throw new UsageError(`${flag}: "${value}" is not one of ${def.options.join(', ')}`)
  }
  const problem = def.check?.(value)
  if (problem) throw new UsageError(`${flag}: ${problem}`)
  if (def.repeatable) values.set(name, [...((values.get(name) as string[] | undefined) ?? []), value])
  else if (values.has(name)) throw new UsageError(`${flag} is given more than once`)
  else values.set(name, value)
  return eq > 0 ? i : i + 1
}

function assignPositionals(words: string[], defs: ArgsDef, set: (name: string, value: unknown) => void, lenient: boolean): void {
  const slots = Object.entries(defs).filter(([, d]) => d.type === 'positional')
  for (const [index, [name, def]] of slots.entries()) {
    const word = words[index]
    if (word !== undefined) set(name, word)
    else if (def.default !== undefined) set(name, def.default)
    else if (def.required && !lenient) throw new UsageError(`missing <${name}>`)
  }
  if (words.length > slots.length && !lenient) throw new UsageError(`unexpected argument "${words[slots.length]}"`)
}

function unknownFlag(key: string, flags: Map<string, [string, CliArgDef]>): UsageError {
  const guess = nearestName(key, [...flags.keys(), '--help', '--version'])
  return new UsageError(`unknown flag ${key}${guess ? ` (did you mean ${guess}?)` : ''}`)
}
