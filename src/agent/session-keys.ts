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
import type { DmScope } from '../config/agent-settings.ts'
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

export interface PeerAddress {
  channel: string
  peer: string
  accountId?: string
  /** Set for group, room or channel traffic: the group's id. */
  groupId?: string
}

/** The session an inbound channel message belongs to. */
export function channelSessionKey(addr: PeerAddress, dmScope: DmScope, agentId = DEFAULT_AGENT_ID): string {
  const base = `agent:${agentId}`
  const part = (s: string) => s.replaceAll(':', '_')
  if (addr.groupId) return `${base}:${part(addr.channel)}:group:${part(addr.groupId)}`
  if (dmScope === 'main') return `${base}:main`
  if (dmScope === 'per-peer') return `${base}:direct:${part(addr.peer)}`
  if (dmScope === 'per-account-channel-peer') return `${base}:${part(addr.channel)}:${part(addr.accountId ?? 'default')}:direct:${part(addr.peer)}`
  return `${base}:${part(addr.channel)}:direct:${part(addr.peer)}`
}

export function sessionKindOf(key: string): SessionKind {
  const rest = key.split(':').slice(2)
  if (rest.length === 1 && rest[0] === 'main') return 'main'
  if (rest.includes('group')) return 'group'
  if (rest.includes('direct')) return 'direct'
  if (rest[0] === 'cron') return 'cron'
  return 'other'
}
