import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { deviceArgs, requireDeviceId } from './device-args.ts'
import { UsageError } from '../../usage-error.ts'

export default defineCommand({
  meta: { name: 'rename', description: 'Give a paired device an operator label' },
  args: {
    ...deviceArgs,
    label: { type: 'positional', required: false, description: 'New label, 1..64 characters (or --name)' },
    name: { type: 'string', description: 'New label' },
    ...connectionArgs,
  },
  async run({ args }) {
    const deviceId = requireDeviceId(args)
    const label = (args.label ?? args.name ?? '').trim()
    if (!label || label.length > 64) throw new UsageError('a label of 1..64 characters is required')
    const result = await withGateway(args, (c) => c.request('device.pair.rename', { deviceId, label }))
    if (args.json) return printJson(result)
    console.log(`Device ${deviceId} is now "${label}"`)
  },
})
