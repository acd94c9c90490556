import { modelRef } from '../config/agent-settings.ts'
import { defineMethod } from './define-method.ts'

/** The agent roster, the default agent first (the Control UI's agent switcher reads it at start-up). */
export const agentsList = defineMethod('agents.list', {
  access: 'operator.read',
  handle(_params, ctx) {
    const { agents, defaultAgentId } = ctx.settings.agent
    return {
      defaultId: defaultAgentId,
      mainKey: 'main',
      scope: 'per-sender' as const,
      agents: agents.map((a) => ({
        id: a.id,
        ...(a.name && { name: a.name }),
        ...(Object.keys(a.identity).length > 0 && { identity: a.identity }),
        ...(a.workspace && { workspace: a.workspace }),
        ...(a.primary && { model: { primary: modelRef(a.primary), fallbacks: a.fallbacks.map(modelRef) } }),
      })),
    }
  },
})
