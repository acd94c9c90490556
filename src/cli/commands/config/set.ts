import { defineCommand } from 'citty'
import { connectionArgs } from '../../connection-args.ts'
import { parseCliValue, parseConfigPath, setAt } from './config-path.ts'
import { editConfig } from './config-target.ts'

export default defineCommand({
  meta: { name: 'set', description: 'Set the value at a config path (JSON5, or a plain string)' },
  args: {
    path: { type: 'positional', required: true, description: 'Dot path, e.g. gateway.port' },
    value: { type: 'positional', required: true, description: 'The value: JSON5 when it parses, otherwise the text' },
    'strict-json': { type: 'boolean', description: 'The value must be strict JSON' },
    ...connectionArgs,
  },
  async run({ args }) {
    const segments = parseConfigPath(args.path)
    const value = parseCliValue(args.value, Boolean(args['strict-json']))
    const { path, via } = await editConfig(args, (config) => setAt(config, segments, value))
    console.log(`Updated ${args.path} in ${path}${via === 'gateway' ? ' (applied by the running gateway)' : ''}`)
  },
})
