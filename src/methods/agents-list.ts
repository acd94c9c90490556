import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { workspaceDir } from '../agent/workspace.ts'
import { modelRef } from '../config/agent-settings.ts'
import { defineMethod } from './define-method.ts'

/** The agent roster, the default agent first (the Control UI's agent switcher reads it at start-up). */
export const agentsList = defineMethod('agents.list', {
  access: 'operator.read',
  handle(_params, ctx) {
    const { agents, defaultAgentId } = ctx.settings.agent
    return {
      defaultId: defaultAgentId,
      ...(agents.length === 1 && { ownership: 'sole' as const, selectionRequired: false as const }),
      mainKey: 'main',
      scope: 'per-sender' as const,
      agents: agents.map((a) => {
        const workspace = workspaceDir(ctx.settings.stateDir, a, a.id === defaultAgentId)
        return {
          id: a.id,
          ...(a.name && { name: a.name }),
          ...(Object.keys(a.identity).length > 0 && { identity: a.identity }),
          workspace,
          workspaceGit: existsSync(join(workspace, '.git')),
          ...(a.primary && { model: { primary: modelRef(a.primary), fallbacks: a.fallbacks.map(modelRef) } }),
        }
      }),
    }
  },
})
