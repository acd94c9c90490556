import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'

export default defineCommand({
  meta: { name: 'reject', description: 'Reject a pending pairing request' },
  args: { requestId: { type: 'positional', required: true, description: 'Request id' }, ...connectionArgs },
  async run({ args }) {
    const result = (await withGateway(args, (c) => c.request('device.pair.reject', { requestId: args.requestId }))) as Record<string, any>
    if (args.json) return printJson(result)
    console.log(`Rejected request ${result.requestId} from device ${result.deviceId}`)
  },
})
