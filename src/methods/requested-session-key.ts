import { canonicalSessionKey } from '../routing/session-keys.ts'
import type { GatewayServices } from './context.ts'

/**
 * A session key as a client sends it, canonical: a bare key ("main", "scratch-1") belongs to the agent the
 * request names, else to the configured default agent (never an assumed `main`).
 * @example requestedSessionKey(ctx, 'main') // 'agent:ops:main' when `ops` is the default agent
 */
export function requestedSessionKey(ctx: Pick<GatewayServices, 'settings'>, key: string | undefined, agentId?: string): string {
  return canonicalSessionKey(key, agentId ?? ctx.settings.agent.defaultAgentId)
}
