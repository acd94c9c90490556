import { databasePath } from '../store/db.ts'
import { GatewayError } from '../protocol/index.ts'
import { defineMethod } from './define-method.ts'

/**
 * Runs `session.maintenance` now and reports each agent as the original's `sessions cleanup` does:
 * `enforce` applies the limits even in `warn` mode, `activeKey` keeps one session whatever they say,
 * `dryRun` only counts. Without `agent` or `allAgents`, the default agent.
 */
export const sessionsCleanup = defineMethod('sessions.cleanup', {
  access: 'operator.admin',
  async handle(p, ctx) {
    const { agents, defaultAgentId } = ctx.settings.agent
    if (p.agent && !agents.some((a) => a.id === p.agent)) {
      throw new GatewayError('INVALID_REQUEST', `unknown agent id: ${p.agent}`, { code: 'UNKNOWN_AGENT' })
    }
    const agentIds = p.allAgents ? agents.map((a) => a.id) : [p.agent ?? defaultAgentId]
    const summaries = await ctx.maintenance.cleanup({ agentIds, dryRun: p.dryRun, enforce: p.enforce, activeKey: p.activeKey })
    const storePath = databasePath(ctx.settings.stateDir)
    // Each removed session was announced as it went (`sessions.changed`, reason `delete`).
    const stores = summaries.map((s) => ({ ...s, storePath }))
    if (!p.allAgents) return stores[0]!
    return { allAgents: true as const, mode: ctx.settings.agent.maintenance.mode, dryRun: Boolean(p.dryRun), stores }
  },
})
