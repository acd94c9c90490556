import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'

export default defineCommand({
  meta: { name: 'reject', description: 'Reject a pending node request' },
  args: { requestId: { type: 'positional', required: true, description: 'Request id' }, ...connectionArgs },
  async run({ args }) {
    const result = (await withGateway(args, (c) => c.request('node.pair.reject', { requestId: args.requestId }))) as Record<string, string>
    if (args.json) return printJson(result)
    console.log(`Rejected request ${result.requestId} from node ${result.nodeId}`)
  },
})
