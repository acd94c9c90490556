/**
 * `messages.inbound` debounce: rapid text-only messages from one sender in one conversation (account,
 * chat, thread) wait for a quiet window and go on as one batch, one turn. A message with media (or a
 * heard voice note) goes on at once, after flushing the text waiting before it, so nothing overtakes.
 * Telegram also assembles a long paste its client split: after a message of 4000 characters or more the
 * next fragment gets up to 1500 ms, even with the ordinary window off. A batch is bounded (12 messages,
 * 50,000 characters, and a deadline from its first message), as in the original; later messages start a new one.
 */
import type { InboundMessage } from './types.ts'

/** What the debounce needs of an admitted message. */
export interface DebouncedItem {
  msg: InboundMessage
  /** The text that goes to the agent. */
  text: string
  /** It carries media or a transcript: never held. */
  media: boolean
}

const MAX_BATCH_MESSAGES = 12
const MAX_BATCH_CHARS = 50_000
/** A Telegram message this long is likely one fragment of a longer paste. */
const LONG_PASTE_CHARS = 4000
const LONG_PASTE_WAIT_MS = 1500
/** How long Telegram collects one batch at most, from its first message (or the quiet window if longer). */
const TELEGRAM_BATCH_DEADLINE_MS = 7500
/** Elsewhere a batch is collected for at most this many quiet windows. */
const DEADLINE_WINDOWS = 5

interface Buffer<T> {
  items: T[]
  chars: number
  deadline: number
  timer: ReturnType<typeof setTimeout>
}

const conversationKey = (msg: InboundMessage) => [msg.provider, msg.accountId, msg.chat.id, msg.threadId ?? '', msg.sender.id].join('\n')

export function createInboundDebounce<T extends DebouncedItem>(opts: {
  /** The configured quiet window for the message's channel (0 = off), read at each message. */
  windowMs: (msg: InboundMessage) => number
  /** Called with each batch, in arrival order, as it goes on. */
  flush: (batch: T[]) => void
}) {
  const buffers = new Map<string, Buffer<T>>()

  function flushKey(key: string): void {
    const buffer = buffers.get(key)
    if (!buffer) return
    buffers.delete(key)
    clearTimeout(buffer.timer)
    opts.flush(buffer.items)
  }

  /** The quiet window after `item`: Telegram waits longer behind a likely long-paste fragment. */
  function quietAfter(item: T): number {
    const configured = opts.windowMs(item.msg)
    const longPaste = item.msg.provider === 'telegram' && item.text.length >= LONG_PASTE_CHARS
    return longPaste ? Math.max(configured, LONG_PASTE_WAIT_MS) : configured
  }

  return {
    /** Takes one admitted message: held for its conversation's quiet window, or passed on now. */
    add(item: T): void {
      const key = conversationKey(item.msg)
      if (item.media) {
        flushKey(key)
        return opts.flush([item])
      }
      const quiet = quietAfter(item)
      let buffer = buffers.get(key)
      if (!buffer) {
        if (quiet === 0) return opts.flush([item])
        const maxWait = item.msg.provider === 'telegram' ? TELEGRAM_BATCH_DEADLINE_MS : DEADLINE_WINDOWS * quiet
        buffer = { items: [], chars: 0, deadline: Date.now() + Math.max(quiet, maxWait), timer: undefined as never }
        buffers.set(key, buffer)
      }
      clearTimeout(buffer.timer)
      buffer.items.push(item)
      buffer.chars += item.text.length
      const wait = Math.min(quiet, buffer.deadline - Date.now())
      if (wait <= 0 || buffer.items.length >= MAX_BATCH_MESSAGES || buffer.chars >= MAX_BATCH_CHARS) return flushKey(key)
      buffer.timer = setTimeout(() => flushKey(key), wait)
    },
    /** Takes back what waits for `msg`'s sender in its conversation (`/stop` cancels pending text). */
    cancel(msg: InboundMessage): T[] {
      const key = conversationKey(msg)
      const buffer = buffers.get(key)
      if (!buffer) return []
      buffers.delete(key)
      clearTimeout(buffer.timer)
      return buffer.items
    },
    /** Takes back everything held (the gateway is stopping). */
    release(): T[] {
      const all = [...buffers.values()].flatMap((b) => (clearTimeout(b.timer), b.items))
      buffers.clear()
      return all
    },
  }
}
