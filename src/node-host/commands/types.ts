/** What a node-host command is: validated params in, a JSON-able payload out, or a coded failure. */
import type { NodeHostSettings } from '../config.ts'
import type { CanvasClient } from '../canvas-client.ts'

/** A refusal or failure reported to the gateway as `node.invoke.result {ok:false, error:{code, message}}`. */
export class NodeCommandError extends Error {
  constructor(readonly code: string, message: string) {
    super(message)
    this.name = 'NodeCommandError'
  }
}

export interface CommandContext {
  settings: NodeHostSettings
  canvas: CanvasClient
}

export type NodeCommand = (params: unknown, ctx: CommandContext) => Promise<unknown>
