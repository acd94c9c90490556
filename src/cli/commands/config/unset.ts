import { defineCommand } from 'citty'
import { connectionArgs } from '../../connection-args.ts'
import { EXIT } from '../../exit-codes.ts'
import { fail } from '../../fail.ts'
import { parseConfigPath, unsetAt } from './config-path.ts'
import { editConfig } from './config-target.ts'

export default defineCommand({
  meta: { name: 'unset', description: 'Remove the value at a config path' },
  args: {
    path: { type: 'positional', required: true, description: 'Dot path, e.g. channels.slack' },
    ...connectionArgs,
  },
  async run({ args }) {
    const segments = parseConfigPath(args.path)
    let removed = false
    const { path, via } = await editConfig(args, (config) => {
      const result = unsetAt(config, segments)
      removed = result.removed
      return result.config
    })
    if (!removed) fail(`${args.path} is not set in ${path}`, EXIT.failed)
    console.log(`Removed ${args.path} from ${path}${via === 'gateway' ? ' (applied by the running gateway)' : ''}`)
  },
})
