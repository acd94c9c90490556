import { defineCommand } from 'citty'
import { connectionArgs, printJson } from '../../connection-args.ts'
import { EXIT } from '../../exit-codes.ts'
import { fail } from '../../fail.ts'
import { valueAt } from '../../../config/value-at.ts'
import { parseConfigPath } from './config-path.ts'
import { readConfig } from './config-target.ts'

export default defineCommand({
  meta: { name: 'get', description: 'Print the value at a config path (secrets redacted)' },
  args: {
    path: { type: 'positional', required: true, description: 'Dot path, e.g. gateway.port or agents.list[0].name' },
    ...connectionArgs,
  },
  async run({ args }) {
    const segments = parseConfigPath(args.path)
    const { config } = await readConfig(args)
    const value = valueAt(config, segments)
    if (value === undefined) fail(`${args.path} is not set (the default applies)`, EXIT.failed)
    if (args.json) return printJson(value)
    console.log(typeof value === 'object' && value !== null ? JSON.stringify(value, null, 2) : String(value))
  },
})
