import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'

export default defineCommand({
  meta: { name: 'approve', description: 'Approve a pending node request: the node may expose the commands it declared' },
  args: { requestId: { type: 'positional', required: true, description: 'Request id (see openclaw nodes pending)' }, ...connectionArgs },
  async run({ args }) {
    const result = (await withGateway(args, (c) => c.request('node.pair.approve', { requestId: args.requestId }))) as Record<string, any>
    if (args.json) return printJson(result)
    const node = result.node
    console.log(`Approved node ${node.displayName ?? node.nodeId} (${node.nodeId}); commands: ${node.commands.join(', ') || 'none'}`)
  },
})
