import { defineCommand } from 'citty'
import { connectionArgs, printJson, withGateway } from '../../connection-args.ts'
import { findNodeId, nodeArg } from './find-node.ts'

const checkName = (value: string) => (value.trim().length > 64 ? 'at most 64 characters' : undefined)

export default defineCommand({
  meta: { name: 'rename', description: "Set a node's display name" },
  args: { ...nodeArg, name: { type: 'string', required: true, valueHint: 'displayName', description: 'New display name', check: checkName }, ...connectionArgs },
  async run({ args }) {
    const result = await withGateway(args, async (c) =>
      c.request('node.rename', { nodeId: await findNodeId(c, args.node), displayName: args.name.trim() }),
    ) as { nodeId: string; displayName: string }
    if (args.json) return printJson(result)
    console.log(`Node ${result.nodeId} is now "${result.displayName}"`)
  },
})
