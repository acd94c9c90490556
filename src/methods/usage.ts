/** `sessions.usage` and `usage.status`: the Control UI's Usage page. */
import { usageWindow } from '../usage/date-range.ts'
import { buildSessionsUsage } from '../usage/session-usage.ts'
import { defineMethod } from './define-method.ts'

export const sessionsUsage = defineMethod('sessions.usage', {
  access: 'operator.read',
  handle(p, ctx) {
    const window = usageWindow(p)
    // One agent unless asked for all; an explicit key looks at that session whatever its agent.
    const agentId = p.key || p.agentScope === 'all' ? p.agentId : (p.agentId ?? ctx.settings.agent.defaultAgentId)
    const groups = ctx.usage.groups({ from: window.from, to: window.to, offsetMs: window.offsetMs, agentId, sessionKey: p.key })
    return buildSessionsUsage(groups, window, p.limit ?? 50)
  },
})

export const usageStatus = defineMethod('usage.status', {
  access: 'operator.read',
  handle: () => ({ updatedAt: Date.now(), providers: [] }),
})
