/**
 * The acknowledgement reaction (`messages.ackReaction`, e.g. 👀) put on an inbound message as its
 * turn is queued, so the sender sees it was picked up, and with `messages.statusReactions` the
 * turn's lifecycle after it (status-reactions.ts). As in the original (docs/gateway/config-agents/
 * messages-and-talk.md "Ack reaction"): the emoji is the account's or channel's `ackReaction`
 * (Telegram, Slack, Discord), else `messages.ackReaction`, else the agent's `identity.emoji`, else
 * 👀, and `""` turns it off; WhatsApp takes only `messages.ackReaction`. `messages.ackReactionScope`
 * (default `group-mentions`) says which messages get one, status reactions included. The original
 * keeps the reaction after the reply; `messages.removeAckAfterReply: true` takes it back. WhatsApp's
 * and Signal's `reactionLevel: "off"` sends none.
 *
 * Status reactions: Telegram, WhatsApp and Signal show every phase with `statusReactions.enabled:
 * true`; Discord (on unless `enabled: false`) and Slack (with `enabled: true`) keep the
 * acknowledgement still and show only a failure, as a brief ❌. A reaction that fails is logged and
 * never holds up the reply. Providers without reactions (iMessage: tapbacks only) get none.
 */
import type { AckReactionScope, MessagesConfig } from '../config/schema.ts'
import { logger } from '../log.ts'
import { describeError } from './errors.ts'
import { createStatusReactions } from './status-reactions.ts'
import type { InboundMessage, Provider, ResolvedAccount } from './types.ts'

const log = logger('channels')

const DEFAULT_EMOJI = '👀'

/** `lifecycle`: every phase shows; `errors`: the acknowledgement stays, a failure flashes ❌; `off`: a plain acknowledgement. */
type StatusMode = 'lifecycle' | 'errors' | 'off'

export interface AckSettings {
  emoji: string
  scope: AckReactionScope
  removeAfterReply: boolean
  status: StatusMode
}

function statusMode(provider: Provider, enabled: boolean | undefined): StatusMode {
  if (provider === 'discord') return enabled === false ? 'off' : 'errors'
  if (enabled !== true) return 'off'
  return provider === 'slack' ? 'errors' : 'lifecycle'
}

/** Undefined when acknowledgements are off for this account. */
export function resolveAck(account: ResolvedAccount, messages: MessagesConfig, identityEmoji: string | undefined): AckSettings | undefined {
  const emoji = account.provider === 'whatsapp'
    ? messages.ackReaction
    : (account.ackReaction ?? messages.ackReaction ?? identityEmoji ?? DEFAULT_EMOJI)
  const scope = messages.ackReactionScope ?? 'group-mentions'
  if (!emoji?.trim() || scope === 'off' || scope === 'none' || account.reactionsOff) return undefined
  return {
    emoji: emoji.trim(), scope, removeAfterReply: messages.removeAckAfterReply ?? false,
    status: statusMode(account.provider, messages.statusReactions?.enabled),
  }
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
 * How the turn of a message ended, for its reactions: answered, failed, put off for a later attempt,
 * or `dropped`: the queue let it go unanswered (cap, `/stop`, a newer message under `interrupt`).
 */
export type TurnEnd = 'done' | 'error' | 'later' | 'dropped'

/** The reactions of one message's turn; none of these ever rejects. */
export interface Acknowledgement {
  /** Settles once the acknowledgement call has (the reply waits for it, so the sender sees it first). */
  sent(): Promise<unknown>
  thinking(): void
  tool(name: string): void
  /** The turn ended: its last phase, then the acknowledgement alone again (or nothing, with `removeAfterReply`; nothing when dropped). */
  finish(end: TurnEnd): Promise<void>
}

const NONE: Acknowledgement = { sent: async () => {}, thinking() {}, tool() {}, finish: async () => {} }

/**
 * Reacts to `msg` now when `ack` applies to it. `already`: an earlier attempt at this message's turn
 * put the acknowledgement on (it is not set twice); `shown` is told once it is on.
 */
export function acknowledge(react: React | undefined, msg: InboundMessage, mentioned: boolean, ack: AckSettings | undefined, opts: { replaces: boolean; already?: boolean; shown?: () => void }): Acknowledgement {
  if (!react || !ack || !inScope(ack.scope, msg, mentioned)) return NONE
  const where = `${msg.provider}/${msg.accountId}`
  const status = createStatusReactions({ add: (e) => react(msg, e, false), remove: (e) => react(msg, e, true), replaces: opts.replaces }, {
    initial: ack.emoji,
    activity: ack.status === 'lifecycle',
    flashErrors: ack.status === 'errors',
    alreadyShown: opts.already,
    shown: opts.shown,
    failed: (action, emoji, err) => log.warn(`${where}: could not ${action} the ${emoji} reaction on ${msg.messageId}: ${describeError(err)}`),
  })
  const queued = status.queued()
  return {
    sent: () => queued,
    thinking: () => status.thinking(),
    tool: (name) => status.tool(name),
    async finish(end) {
      // Nothing will answer it: a reaction saying it was picked up would promise what does not come.
      if (end === 'dropped') return status.clear()
      if (end === 'done') await status.done()
      else if (end === 'error') await status.error()
      await status.restore()
      if (end === 'done' && ack.removeAfterReply) await status.clear()
    },
  }
}
