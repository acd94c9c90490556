/**
 * Who may drive the agent. DMs: `dmPolicy` (pairing by default) with `allowFrom` and the approvals in
 * the pairing store. Groups: `groupPolicy` (allowlist by default) with the configured groups, and a
 * mention unless the group entry says `requireMention: false` (an unmentioned message is kept as context).
 * Bots never get through unless allowed.
 */
import type { ChannelPairingStore } from '../store/channel-pairing-store.ts'
import type { AccountPolicy, InboundMessage } from './types.ts'

export type DmDecision = { allow: true } | { allow: false; pairingCode?: string }

/** `allowFrom` entries may carry a channel or kind prefix (`tg:123`, `user:U1`, `<@123>`) or be `@username`. */
function senderMatches(entry: string, sender: InboundMessage['sender']): boolean {
  const bare = entry.replace(/^<@!?(.+)>$/, '$1').replace(/^(telegram|tg|slack|discord|signal|imessage|user):/i, '')
  if (bare === sender.id) return true
  return bare.startsWith('@') && !!sender.username && bare.slice(1).toLowerCase() === sender.username.toLowerCase()
}

function isAllowListed(policy: AccountPolicy, sender: InboundMessage['sender']): boolean {
  return policy.allowFrom.some((e) => e === '*' || senderMatches(e, sender))
}

export function checkDmAccess(policy: AccountPolicy, store: ChannelPairingStore, msg: InboundMessage): DmDecision {
  const { sender } = msg
  switch (policy.dmPolicy) {
    case 'disabled':
      return { allow: false }
    case 'open':
      // `open` with concrete entries (no "*") still admits only those senders.
      return { allow: isAllowListed(policy, sender) }
    case 'allowlist':
      return { allow: isAllowListed(policy, sender) || store.isAllowed(msg.provider, msg.accountId, sender.id) }
    case 'pairing': {
      if (isAllowListed(policy, sender) || store.isAllowed(msg.provider, msg.accountId, sender.id)) return { allow: true }
      const outcome = store.request(msg.provider, msg.accountId, {
        id: sender.id,
        name: sender.name,
        meta: { ...(sender.username && { username: sender.username }), chatId: msg.chat.id },
      })
      // The code goes out only when a request is created, so a sender is told at most once an hour.
      return outcome.status === 'created' ? { allow: false, pairingCode: outcome.code } : { allow: false }
    }
  }
}

/**
 * `answer`: the message starts a turn. `observe`: the group is allowed but wants a mention this
 * message lacks, so it is only kept as context for the next mention. `deny`: dropped.
 */
export type GroupDecision = 'answer' | 'observe' | 'deny'

/** The configured entry for the message's group: by id, title, guild, then `*`. */
export function groupEntry(policy: AccountPolicy, msg: InboundMessage): AccountPolicy['groups'][string] | undefined {
  const g = policy.groups
  return g[msg.chat.id] ?? (msg.chat.title ? g[msg.chat.title] : undefined) ?? (msg.chat.guildId ? g[`guild:${msg.chat.guildId}`] : undefined) ?? g['*']
}

/** `mentioned`: the provider says so, or a mention pattern matched (mention-patterns.ts). */
export function checkGroupAccess(policy: AccountPolicy, msg: InboundMessage, mentioned: boolean): GroupDecision {
  if (policy.groupPolicy === 'disabled') return 'deny'
  const entry = groupEntry(policy, msg)
  if (entry?.enabled === false) return 'deny'
  if (policy.groupPolicy === 'allowlist' && !entry) return 'deny'
  return entry?.requireMention === false || mentioned ? 'answer' : 'observe'
}

/** Our own messages never loop back; other bots only when the account allows them. */
export function isFromBot(policy: AccountPolicy, msg: InboundMessage): boolean {
  return msg.sender.isSelf || (msg.sender.isBot && !policy.allowBots)
}
