/**
 * Session keys, spelled as the original spells them (docs/channels/channel-routing.md):
 *   agent:<agentId>:main                                   the main session (operators, WebChat, heartbeats,
 *                                                          and every DM under dmScope "main", the default)
 *   agent:<agentId>:direct:<peer>                          a DM, dmScope "per-peer" (same person across channels)
 *   agent:<agentId>:<channel>:direct:<peer>                a DM, dmScope "per-channel-peer"
 *   agent:<agentId>:<channel>:<accountId>:direct:<peer>    a DM, dmScope "per-account-channel-peer"
 *   agent:<agentId>:<channel>:group:<id>                   a group (groupScope "per-group", the default)
 *   agent:<agentId>:<channel>:channel:<id>                 a Slack channel or Discord guild channel
 *   …:thread:<threadId> / …:topic:<topicId>                a Slack/Discord thread, a Telegram forum topic
 *   agent:<agentId>:cron:<jobId>                           an isolated cron job
 * Agent ids, account ids and peer ids are lower-cased (Signal group ids keep their case: they are
 * base64). A key without the `agent:` prefix (e.g. "main" or "scratch-1") is shorthand for
 * `agent:<agentId>:<key>`.
 */
import { DEFAULT_AGENT_ID, normalizeAgentId } from '../config/agent-roster.ts'
import type { DmScope, GroupScope } from '../config/agent-settings.ts'
import type { SessionKind } from '../store/session-store.ts'

export const mainSessionKey = (agentId: string) => `agent:${normalizeAgentId(agentId)}:main`

export function canonicalSessionKey(key: string | undefined, agentId: string): string {
  const trimmed = key?.trim()
  if (!trimmed) return mainSessionKey(agentId)
  return trimmed.startsWith('agent:') ? trimmed : `agent:${normalizeAgentId(agentId)}:${trimmed}`
}

/** An isolated cron job's own session. */
export const cronSessionKey = (agentId: string, jobId: string) => `agent:${normalizeAgentId(agentId)}:cron:${jobId}`

export function agentIdOf(key: string): string {
  return key.split(':')[1] || DEFAULT_AGENT_ID
}

export type PeerKind = 'direct' | 'group' | 'channel'

export interface PeerAddress {
  agentId: string
  channel: string
  accountId: string
  peerKind: PeerKind
  /** The sender for a DM, the group or channel id otherwise. */
  peerId: string
  threadId?: string
  dmScope: DmScope
  groupScope: GroupScope
}

/** The session a channel conversation belongs to. */
export function peerSessionKey(a: PeerAddress): string {
  const base = `agent:${normalizeAgentId(a.agentId)}`
  const channel = a.channel.toLowerCase()
  if (a.peerKind === 'direct') {
    const peer = a.peerId.trim().toLowerCase()
    if (!peer || a.dmScope === 'main') return `${base}:main`
    if (a.dmScope === 'per-peer') return `${base}:direct:${peer}`
    if (a.dmScope === 'per-channel-peer') return `${base}:${channel}:direct:${peer}`
    return `${base}:${channel}:${normalizeAccountId(a.accountId)}:direct:${peer}`
  }
  if (a.groupScope === 'main') return `${base}:main`
  const peer = channel === 'signal' ? a.peerId.trim() : a.peerId.trim().toLowerCase()
  const key = `${base}:${channel}:${a.peerKind}:${peer || 'unknown'}`
  if (!a.threadId) return key
  return `${key}:${channel === 'telegram' ? 'topic' : 'thread'}:${a.threadId.trim().toLowerCase()}`
}

/** Account ids as the original writes them in keys (`default` when empty). */
function normalizeAccountId(value: string): string {
  const lowered = value.trim().toLowerCase()
  return lowered.replace(/[^a-z0-9_-]+/g, '-').replace(/^-+/, '').replace(/-+$/, '').slice(0, 64) || 'default'
}

export function sessionKindOf(key: string): SessionKind {
  const rest = key.split(':').slice(2)
  if (rest.length === 1 && rest[0] === 'main') return 'main'
  if (rest.includes('group') || rest.includes('channel')) return 'group'
  if (rest.includes('direct')) return 'direct'
  if (rest[0] === 'cron') return 'cron'
  return 'other'
}
