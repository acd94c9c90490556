/**
 * Session keys, as the original writes them:
 *   agent:<agentId>:main                                    the main session (operators, WebChat, heartbeats)
 *   agent:<agentId>:<channel>:direct:<peer>                 a DM, dmScope "per-channel-peer" (our default)
 *   agent:<agentId>:<channel>:<accountId>:direct:<peer>     a DM, dmScope "per-account-channel-peer"
 *   agent:<agentId>:direct:<peer>                           a DM, dmScope "per-peer" (same person across channels)
 *   agent:<agentId>:<channel>:group:<groupId>               a group, room or channel (always per group)
 *   agent:<agentId>:cron:<jobId>                            an isolated cron job
 * With dmScope "main" every DM shares the main session. A key without the `agent:` prefix (e.g.
 * "main" or "scratch-1") is shorthand for `agent:main:<key>`.
 */
import type { SessionKind } from '../store/session-store.ts'

export const DEFAULT_AGENT_ID = 'main'
export const MAIN_SESSION_KEY = `agent:${DEFAULT_AGENT_ID}:main`

export function canonicalSessionKey(key: string | undefined, agentId = DEFAULT_AGENT_ID): string {
  const trimmed = key?.trim()
  if (!trimmed) return `agent:${agentId}:main`
  return trimmed.startsWith('agent:') ? trimmed : `agent:${agentId}:${trimmed}`
}

export function agentIdOf(key: string): string {
  return key.split(':')[1] || DEFAULT_AGENT_ID
}

export function sessionKindOf(key: string): SessionKind {
  const rest = key.split(':').slice(2)
  if (rest.length === 1 && rest[0] === 'main') return 'main'
  if (rest.includes('group')) return 'group'
  if (rest.includes('direct')) return 'direct'
  if (rest[0] === 'cron') return 'cron'
  return 'other'
}
