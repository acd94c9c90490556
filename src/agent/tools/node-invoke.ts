/** `node_invoke`: run an approved command on a paired device node (camera, screen, location, canvas, ...). */
import { ToolError, stringArg, type AgentTool } from './types.ts'

const MAX_RESULT_CHARS = 20_000

export const nodeInvokeTool: AgentTool = {
  alias: 'nodes',
  spec: {
    name: 'node_invoke',
    description: 'Invoke a command on a paired device node, e.g. "location.get" or "canvas.present". Only commands the node declared and an operator approved are allowed.',
    parameters: {
      type: 'object',
      properties: {
        nodeId: { type: 'string', description: 'The node id.' },
        command: { type: 'string', description: 'The command name.' },
        params: { type: 'object', description: 'Command parameters, if any.' },
      },
      required: ['nodeId', 'command'],
    },
  },
  async run(args, ctx) {
    const nodeId = stringArg(args, 'nodeId')!
    const command = stringArg(args, 'command')!
    try {
      const result = await ctx.ports.nodeInvoker.invoke({ nodeId, command, params: args.params, timeoutMs: 30_000, sessionKey: ctx.sessionKey })
      const text = typeof result === 'string' ? result : JSON.stringify(result ?? null)
      return text.length > MAX_RESULT_CHARS ? `${text.slice(0, MAX_RESULT_CHARS)}… (truncated)` : text
    } catch (err) {
      throw new ToolError(`node ${nodeId} ${command} failed: ${(err as Error).message}`)
    }
  },
}
