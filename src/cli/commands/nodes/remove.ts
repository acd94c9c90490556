import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { findNodeId, nodeArg } from './find-node.ts'

export default defineCommand({
  meta: { name: 'remove', description: "Remove a node's pairing; its node connections are closed" },
  args: { ...nodeArg, ...connectionArgs },
  async run({ args }) {
    const result = await withGateway(args, async (c) => c.request('node.pair.remove', { nodeId: await findNodeId(c, args.node) }))
    if (args.json) return printJson(result)
    console.log(`Removed node ${(result as { nodeId: string }).nodeId}`)
  },
})
