/**
 * What the model sees of a chat beyond the message it answers, as the original does it
 * (docs/concepts/messages "Prompt bodies and history context"):
 * a group message that gets no answer because it does not mention the bot is kept (sqlite, bounded
 * by `historyLimit`), and the next mention in that chat carries the kept messages in front of it,
 * once its reply is out; then the chat's history starts again. A mention whose turn fails leaves them
 * for the next one.
 */
import type { MessagesConfig } from '../config/schema.ts'
import { logger } from '../log.ts'
import type { GroupHistoryStore, HistoryEntry } from '../store/group-history-store.ts'
import { describeError } from './errors.ts'
import type { InboundMessage, Provider, ResolvedAccount } from './types.ts'

const log = logger('channels')

/** The original's window when neither the account nor `messages.groupChat.historyLimit` sets one. */
const DEFAULT_GROUP_LIMIT: Record<Provider, number> = { telegram: 50, slack: 50, discord: 20, whatsapp: 50, signal: 50, imessage: 50 }
/** The original caps automatic windows at 200; the JSON integer maximum means "the default". */
const MAX_GROUP_LIMIT = 200

const HISTORY_MARKER = '[Chat messages since your last reply - for context]'
const CURRENT_MARKER = '[Current message - respond to this]'

/** Account (or channel root) `historyLimit`, then `messages.groupChat.historyLimit`, then the provider's default; 0 = off. */
export function groupHistoryLimit(account: ResolvedAccount, messages: MessagesConfig): number {
  const set = account.history.limit ?? messages.groupChat?.historyLimit
  if (set === undefined || set >= Number.MAX_SAFE_INTEGER) return DEFAULT_GROUP_LIMIT[account.provider]
  return Math.min(set, MAX_GROUP_LIMIT)
}

/** `dms.<sender>.historyLimit`, else `dmHistoryLimit`: the DM session's earlier user turns the model sees (unset or 0: all). */
export function dmHistoryTurns(account: ResolvedAccount, senderId: string): number | undefined {
  return (account.history.dms[senderId] ?? account.history.dmLimit) || undefined
}

/** One history per chat (and thread: a Slack thread or Telegram topic is its own conversation). */
const chatKey = (msg: InboundMessage) => [msg.provider, msg.accountId, msg.chat.id, ...(msg.threadId ? [msg.threadId] : [])].join(':')

const senderLabel = (msg: InboundMessage) => msg.sender.name ?? (msg.sender.username ? `@${msg.sender.username}` : msg.sender.id)

/** The text, or the original's placeholders for a message that is only files. */
function bodyOf(msg: InboundMessage): string {
  return msg.text.trim() || msg.attachments.map((a) => `<media:${a.kind}>`).join(' ')
}

export function createGroupHistory(store: GroupHistoryStore) {
  return {
    /** Keeps a group message that got no answer for the chat's next mention (not at all with a limit of 0); `transcript`: what its voice note said. */
    record(msg: InboundMessage, limit: number, transcript?: string): void {
      const body = transcript?.trim() || bodyOf(msg)
      if (limit <= 0 || !body) return
      try {
        store.record(chatKey(msg), { sender: senderLabel(msg), body, ts: msg.ts }, limit)
      } catch (err) {
        log.warn(`${msg.provider}/${msg.accountId}: could not keep a group message as context: ${describeError(err)}`)
      }
    },
    /**
     * The model's message for an answered group message: the chat's kept messages (at most `limit`)
     * and then this one, each with its sender, or `message` alone when nothing was kept. `passedOn`
     * empties the chat's history up to here once the reply is out (what was passed on is not passed
     * again); until then, a turn that fails, or waits to be retried, leaves it for the next mention.
     */
    withContext(msg: InboundMessage, message: string, limit: number): { message: string; passedOn(): void } {
      const key = chatKey(msg)
      let kept: { entries: HistoryEntry[]; through: number }
      try {
        kept = store.peek(key, limit)
      } catch (err) {
        log.warn(`${msg.provider}/${msg.accountId}: could not read the group's context: ${describeError(err)}`)
        return { message, passedOn: () => {} }
      }
      const passedOn = () => {
        try {
          store.clearThrough(key, kept.through)
        } catch (err) {
          log.warn(`${msg.provider}/${msg.accountId}: could not clear the group's context: ${describeError(err)}`)
        }
      }
      if (kept.entries.length === 0) return { message, passedOn }
      const lines = kept.entries.map((e) => `${e.sender}: ${e.body}`)
      return { message: [HISTORY_MARKER, ...lines, '', CURRENT_MARKER, `${senderLabel(msg)}: ${message}`].join('\n'), passedOn }
    },
  }
}

export type GroupHistory = ReturnType<typeof createGroupHistory>
