import { assistantIdentity } from '../agent/identity.ts'
import { GatewayError } from '../protocol/index.ts'
import { agentIdOf } from '../routing/session-keys.ts'
import { defineMethod } from './define-method.ts'
import { requestedSessionKey } from './requested-session-key.ts'

/** The name, avatar and emoji of an agent, named directly or by one of its session keys. */
export const agentIdentityGet = defineMethod('agent.identity.get', {
  access: 'operator.read',
  handle({ agentId, sessionKey }, ctx) {
    const { agents, defaultAgentId } = ctx.settings.agent
    const id = agentId?.toLowerCase() ?? (sessionKey?.trim() ? agentIdOf(requestedSessionKey(ctx, sessionKey)) : defaultAgentId)
    const agent = agents.find((a) => a.id === id)
    if (!agent) throw new GatewayError('INVALID_REQUEST', `unknown agent id: ${id}`, { code: 'UNKNOWN_AGENT' })
    return assistantIdentity(agent)
  },
})
