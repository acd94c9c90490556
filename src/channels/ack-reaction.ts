/**
 * The acknowledgement reaction (`messages.ackReaction`, e.g. 👀) put on an inbound message as its
 * turn starts, so the sender sees it was picked up. As in the original (docs/gateway/config-agents/
 * messages-and-talk.md "Ack reaction"): the emoji is the account's or channel's `ackReaction`
 * (Telegram, Slack, Discord), else `messages.ackReaction`, else the agent's `identity.emoji`, else
 * 👀, and `""` turns it off; WhatsApp takes only `messages.ackReaction`. `messages.ackReactionScope`
 * (default `group-mentions`) says which messages get one. The original keeps the reaction after the
 * reply; `messages.removeAckAfterReply: true` takes it back. A reaction that fails is logged and
 * never holds up the reply. Providers without reactions (iMessage: tapbacks only) get none.
 */
import type { AckReactionScope, MessagesConfig } from '../config/schema.ts'
import { logger } from '../log.ts'
import { describeError } from './errors.ts'
import type { InboundMessage, ResolvedAccount } from './types.ts'

const log = logger('channels')

const DEFAULT_EMOJI = '👀'

export interface AckSettings {
  emoji: string
  scope: AckReactionScope
  removeAfterReply: boolean
}

/** Undefined when acknowledgements are off for this account. */
export function resolveAck(account: ResolvedAccount, messages: MessagesConfig, identityEmoji: string | undefined): AckSettings | undefined {
  const emoji = account.provider === 'whatsapp'
    ? messages.ackReaction
    : (account.ackReaction ?? messages.ackReaction ?? identityEmoji ?? DEFAULT_EMOJI)
  const scope = messages.ackReactionScope ?? 'group-mentions'
  if (!emoji?.trim() || scope === 'off' || scope === 'none') return undefined
  return { emoji: emoji.trim(), scope, removeAfterReply: messages.removeAckAfterReply ?? false }
}

function inScope(scope: AckReactionScope, msg: InboundMessage, mentioned: boolean): boolean {
  const group = msg.chat.kind !== 'direct'
  switch (scope) {
    case 'all': return true
    case 'direct': return !group
    case 'group-all': return group
    case 'group-mentions': return group && mentioned
    default: return false
  }
}

/** Adds, or with `remove` takes back, this account's `emoji` reaction on `msg`. */
export type React = (msg: InboundMessage, emoji: string, remove: boolean) => Promise<void>

/**
 * Reacts to `msg` now when `ack` applies to it. `sent()` settles once the reaction call has (the
 * reply waits for it, so the sender sees the acknowledgement first); `afterReply()` takes the
 * reaction back when the settings say so. Neither ever rejects.
 */
export function acknowledge(react: React | undefined, msg: InboundMessage, mentioned: boolean, ack: AckSettings | undefined): { sent(): Promise<unknown>; afterReply(): Promise<void> } {
  if (!react || !ack || !inScope(ack.scope, msg, mentioned)) return { sent: async () => {}, afterReply: async () => {} }
  const where = `${msg.provider}/${msg.accountId}`
  const added = react(msg, ack.emoji, false).then(() => true, (err) => {
    log.warn(`${where}: could not add the ${ack.emoji} acknowledgement: ${describeError(err)}`)
    return false
  })
  return {
    sent: () => added,
    async afterReply() {
      if (!(await added) || !ack.removeAfterReply) return
      await react(msg, ack.emoji, true).catch((err) => log.warn(`${where}: could not remove the ${ack.emoji} acknowledgement: ${describeError(err)}`))
    },
  }
}
