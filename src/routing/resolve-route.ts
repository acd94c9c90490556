/**
 * Which agent answers an admitted message, and in which session (docs/concepts/agent-bindings.md).
 * Bindings are tried by tier, most specific first: peer, peer wildcard, guild, team, account, any
 * account (`accountId: "*"`); within a tier the first binding in config order wins. Every field a
 * binding names must match; a binding without `accountId` matches the channel's default account
 * only. No match → the default agent. Bindings choose an agent; they never admit a sender.
 */
import type { AgentSettings } from '../config/agent-settings.ts'
import type { Binding } from '../config/agent-roster.ts'
import { peerSessionKey, type PeerKind } from './session-keys.ts'

export interface RouteFacts {
  channel: string
  accountId: string
  /** The account a binding without `accountId` means (the channel's default account). */
  defaultAccountId: string
  peerKind: PeerKind
  /** The sender for a DM, the group or channel id otherwise. */
  peerId: string
  threadId?: string
  guildId?: string
  teamId?: string
}

type MatchedBy = 'peer' | 'peer-wildcard' | 'guild' | 'team' | 'account' | 'channel' | 'default'

export interface ResolvedRoute {
  agentId: string
  sessionKey: string
  matchedBy: MatchedBy
}

const TIERS: { tier: MatchedBy; applies: (b: Binding['match']) => boolean }[] = [
  { tier: 'peer', applies: (m) => !!m.peer && m.peer.id !== '*' },
  { tier: 'peer-wildcard', applies: (m) => m.peer?.id === '*' },
  { tier: 'guild', applies: (m) => !m.peer && !!m.guildId },
  { tier: 'team', applies: (m) => !m.peer && !m.guildId && !!m.teamId },
  { tier: 'account', applies: (m) => !m.peer && !m.guildId && !m.teamId && m.accountId !== '*' },
  { tier: 'channel', applies: (m) => !m.peer && !m.guildId && !m.teamId && m.accountId === '*' },
]

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase()

function matches(m: Binding['match'], f: RouteFacts): boolean {
  if (!same(m.channel, f.channel)) return false
  if (m.accountId !== '*' && !same(m.accountId ?? f.defaultAccountId, f.accountId)) return false
  if (m.peer && (m.peer.kind !== f.peerKind || (m.peer.id !== '*' && !same(m.peer.id, f.peerId)))) return false
  if (m.guildId && (!f.guildId || !same(m.guildId, f.guildId))) return false
  if (m.teamId && (!f.teamId || !same(m.teamId, f.teamId))) return false
  return true
}

export function resolveRoute(settings: Pick<AgentSettings, 'bindings' | 'defaultAgentId' | 'dmScope' | 'groupScope'>, f: RouteFacts): ResolvedRoute {
  let found: { binding?: Binding; tier: MatchedBy } = { tier: 'default' }
  for (const { tier, applies } of TIERS) {
    const binding = settings.bindings.find((b) => applies(b.match) && matches(b.match, f))
    if (binding) {
      found = { binding, tier }
      break
    }
  }
  const agentId = found.binding?.agentId ?? settings.defaultAgentId
  const sessionKey = peerSessionKey({
    agentId, channel: f.channel, accountId: f.accountId, peerKind: f.peerKind, peerId: f.peerId, threadId: f.threadId,
    dmScope: found.binding?.session?.dmScope ?? settings.dmScope,
    groupScope: found.binding?.session?.groupScope ?? settings.groupScope,
  })
  return { agentId, sessionKey, matchedBy: found.tier }
}
