import { nodeIdOf } from '../nodes/registry.ts'
import { defineMethod } from './define-method.ts'

/** Replaces the tool descriptors a node publishes; operators see them as `nodePluginTools`. */
export const nodePluginToolsUpdate = defineMethod('node.pluginTools.update', {
  access: 'node',
  handle({ tools }, ctx) {
    ctx.nodes.setPluginTools(ctx.session.connId, tools)
    return { nodeId: nodeIdOf(ctx.session), tools }
  },
})
