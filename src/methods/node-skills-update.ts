import { nodeIdOf } from '../nodes/registry.ts'
import { defineMethod } from './define-method.ts'

/** Node-local skills are not surfaced to an agent by this gateway; the update is acknowledged as sent. */
export const nodeSkillsUpdate = defineMethod('node.skills.update', {
  access: 'node',
  handle: ({ skills }, ctx) => ({ nodeId: nodeIdOf(ctx.session), skills }),
})
