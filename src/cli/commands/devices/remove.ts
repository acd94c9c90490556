import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { deviceArgs, requireDeviceId } from './device-args.ts'

export default defineCommand({
  meta: { name: 'remove', description: 'Forget a paired device; its live connections are closed' },
  args: { ...deviceArgs, ...connectionArgs },
  async run({ args }) {
    const deviceId = requireDeviceId(args)
    const result = await withGateway(args, (c) => c.request('device.pair.remove', { deviceId }))
    if (args.json) return printJson(result)
    console.log(`Removed device ${deviceId}`)
  },
})
