/** The tools offered to the model. Three, with short descriptions: each costs tokens on every request. */
import { canvasTool } from './canvas.ts'
import { nodeInvokeTool } from './node-invoke.ts'
import { sendMessageTool } from './send-message.ts'
import { ToolError, type AgentTool, type ToolContext } from './types.ts'

const AGENT_TOOLS: readonly AgentTool[] = [sendMessageTool, canvasTool, nodeInvokeTool]

/** The tools an agent is offered: `allow` (when set) narrows the set, `deny` removes from it; names or the original's aliases. */
export function toolsFor(policy: { allow?: string[]; deny: string[] }): AgentTool[] {
  const named = (list: string[], t: AgentTool) => list.includes(t.spec.name) || (!!t.alias && list.includes(t.alias)) || list.includes('*')
  return AGENT_TOOLS.filter((t) => (!policy.allow || named(policy.allow, t)) && !named(policy.deny, t))
}

/** Runs one call of an offered tool; every failure becomes an error result for the model instead of ending the run. */
export async function runTool(tools: readonly AgentTool[], name: string, args: Record<string, unknown>, ctx: ToolContext): Promise<{ text: string; isError: boolean }> {
  const tool = tools.find((t) => t.spec.name === name)
  if (!tool) return { text: `unknown tool: ${name}`, isError: true }
  if (typeof args._raw === 'string') return { text: `arguments are not a JSON object: ${args._raw.slice(0, 200)}`, isError: true }
  try {
    return { text: await tool.run(args, ctx), isError: false }
  } catch (err) {
    if (ctx.signal.aborted) throw err
    return { text: err instanceof ToolError ? err.message : `tool failed: ${(err as Error).message}`, isError: true }
  }
}

export type { AgentTool, ToolContext } from './types.ts'
