/** A tool the model may call. `run` returns text for the model; a thrown ToolError becomes an error result. */
import type { ToolSpec } from '../../providers/index.ts'
import type { AgentPorts } from '../ports.ts'

export interface ToolContext {
  sessionKey: string
  runId: string
  signal: AbortSignal
  /** The folder the canvas tool reads and writes (and never leaves). */
  canvasDir: string
  ports: AgentPorts
}

export interface AgentTool {
  spec: ToolSpec
  /** The original's name for the same tool, accepted in `tools.allow` / `tools.deny`. */
  alias?: string
  run(args: Record<string, unknown>, ctx: ToolContext): Promise<string>
}

/** A failure the model should read and may correct (bad argument, missing channel, node offline). */
export class ToolError extends Error {
  override name = 'ToolError'
}

export function stringArg(args: Record<string, unknown>, name: string, opts: { optional?: boolean } = {}): string | undefined {
  const value = args[name]
  if (value === undefined && opts.optional) return undefined
  if (typeof value !== 'string' || (!opts.optional && value === '')) throw new ToolError(`argument "${name}" must be a non-empty string`)
  return value
}
