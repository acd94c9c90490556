/** The commands this node host declares in `connect` and serves through `node.invoke`. */
import { canvasA2uiPush, canvasA2uiReset, canvasPresent, canvasRead, canvasWrite } from './canvas.ts'
import { systemRun } from './system-run.ts'
import { systemWhich } from './system-which.ts'
import type { NodeCommand } from './types.ts'

export const NODE_HOST_COMMANDS: Record<string, NodeCommand> = {
  'system.which': systemWhich,
  'system.run': systemRun,
  'canvas.present': canvasPresent,
  'canvas.read': canvasRead,
  'canvas.write': canvasWrite,
  'canvas.a2ui.push': canvasA2uiPush,
  'canvas.a2ui.reset': canvasA2uiReset,
}

export const NODE_HOST_CAPS = ['canvas', 'system']
