/** `--help` text: plain (no colour), so it reads the same in a terminal, a pipe or a file. */
import type { ArgsDef, CommandDef, CommandMeta } from 'citty'
import type { CliArgDef } from './parse-argv.ts'
import { resolveValue } from './resolve-value.ts'

export async function renderHelp(cmd: CommandDef<any>, path: string[], defaultArgs?: ArgsDef): Promise<string> {
  const meta = (await resolveValue(cmd.meta)) ?? {}
  const subs = await resolveValue(cmd.subCommands)
  const args = ((await resolveValue(cmd.args)) ?? defaultArgs ?? {}) as Record<string, CliArgDef>
  const entries = Object.entries(args)
  const positionals = entries.filter(([, d]) => d.type === 'positional')
  const usage = [
    'Usage:', ...path, subs ? '<command>' : '', '[flags]',
    ...positionals.map(([name, d]) => (d.required ? `<${name}>` : `[${name}]`)),
  ].filter(Boolean)
  const out = [usage.join(' '), '']
  if (meta.description) out.push(meta.description, '')
  if (subs) {
    const rows: [string, string][] = []
    for (const [name, sub] of Object.entries(subs)) {
      const subMeta = (await resolveValue((await resolveValue(sub)).meta)) as CommandMeta | undefined
      if (!subMeta?.hidden) rows.push([name, subMeta?.description ?? ''])
    }
    const fallback = await resolveValue(cmd.default)
    out.push('Commands:', ...columns(rows), '')
    if (fallback) out.push(`Without a command: ${path.join(' ')} ${fallback} (its flags are below).`, '')
  }
  if (positionals.length > 0) out.push('Arguments:', ...columns(positionals.map(([name, d]) => [`<${name}>`, d.description ?? ''])), '')
  const flagRows = entries
    .filter(([, d]) => d.type !== 'positional')
    .map(([name, d]): [string, string] => {
      const alias = 'alias' in d && d.alias ? [d.alias].flat().map((a) => (a.length === 1 ? `-${a}, ` : `--${a}, `)).join('') : ''
      const hint = d.type === 'boolean' ? '' : ` <${d.valueHint ?? (d.type === 'enum' ? d.options?.join('|') : 'value')}>`
      return [`${alias}--${name}${hint}`, d.description ?? '']
    })
  flagRows.push(['-h, --help', 'Show this help'], ['-v, --version', 'Print the version (with --json: as JSON)'])
  out.push('Flags:', ...columns(flagRows))
  return `${out.join('\n')}\n`
}

function columns(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length))
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`.trimEnd())
}
