/**
 * The newest messages of the transcripts read lately, kept parsed. Each turn reads its session's
 * latest messages for the model; reading and parsing them again from SQLite was a tenth of a turn's
 * CPU. A tail follows its transcript's appends, and every read checks it against the session row (the
 * newest position): a write it did not see (a rolled-back batch, a message removed) makes it miss,
 * never answer stale. Bounded by transcripts (least recently used first out) and by characters, so
 * memory does not grow with the number of sessions or the size of their messages.
 */
import type { StoredMessage } from './session-store.ts'

/** Transcripts kept; more than a handful of conversations are rarely active within seconds of each other. */
const MAX_TAILS = 64
/** Messages kept per transcript: what a model request carries (60) and a little more. */
const MAX_MESSAGES = 100
/** Characters of message JSON kept in all (a few megabytes of memory at most). */
const MAX_CHARS = 2_000_000

interface Tail {
  /** Every message with a position in (`from`, `lastPos`] is in `messages` (positions may have gaps). */
  from: number
  lastPos: number
  messages: StoredMessage[]
  /** JSON length of each message, for the character budget. */
  sizes: number[]
  chars: number
}

export function createTranscriptTails() {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const tails = new Map<string, Tail>()
  let chars = 0

  function drop(sessionId: string): void {
    const tail = tails.get(sessionId)
    if (!tail) return
    chars -= tail.chars
    tails.delete(sessionId)
  }

  function shiftOldest(tail: Tail): void {
    const size = tail.sizes.shift()!
    tail.from = tail.messages.shift()!.pos
    tail.chars -= size
    chars -= size
  }

  /** Keeps the tail within its own cap, then evicts other transcripts (oldest use first) until the totals fit. */
  function fit(sessionId: string, tail: Tail): void {
    while (tail.messages.length > MAX_MESSAGES || (tail.chars > MAX_CHARS && tail.messages.length > 0)) shiftOldest(tail)
    for (const [id] of tails) {
      if (tails.size <= MAX_TAILS && chars <= MAX_CHARS) break
      if (id !== sessionId) drop(id)
    }
  }

  function touch(sessionId: string, tail: Tail): void {
    tails.delete(sessionId)
    tails.set(sessionId, tail)
  }

  return {
    /**
     * The messages with positions in (`from`, `to`], when the tail holds them all and `lastPos` (the
     * session row's newest position) is still its own; undefined otherwise.
     */
    read(sessionId: string, from: number, to: number, lastPos: number): StoredMessage[] | undefined {
      const tail = tails.get(sessionId)
      if (!tail) return undefined
      if (tail.lastPos !== lastPos) return void drop(sessionId)
      if (from < tail.from || to > tail.lastPos) return undefined
      touch(sessionId, tail)
      let start = tail.messages.length
      while (start > 0 && tail.messages[start - 1]!.pos > from) start--
      let end = start
      while (end < tail.messages.length && tail.messages[end]!.pos <= to) end++
      return tail.messages.slice(start, end)
    },
    /**
     * What a read of (`from`, `to`] found in SQLite (`sizes`: each message's JSON length). Kept when it
     * reaches the newest position, or extends a kept tail downwards without a gap.
     */
    filled(sessionId: string, from: number, to: number, lastPos: number, messages: StoredMessage[], sizes: number[]): void {
      const tail = tails.get(sessionId)
      if (tail && tail.lastPos !== lastPos) drop(sessionId)
      const kept = tails.get(sessionId)
      if (kept) {
        if (to < kept.from || from >= kept.from) return
        const older = messages.filter((m) => m.pos <= kept.from)
        const olderSizes = sizes.slice(0, older.length)
        kept.messages.unshift(...older)
        kept.sizes.unshift(...olderSizes)
        const added = olderSizes.reduce((n, s) => n + s, 0)
        kept.chars += added
        chars += added
        kept.from = from
        touch(sessionId, kept)
        return fit(sessionId, kept)
      }
      if (to !== lastPos) return
      const total = sizes.reduce((n, s) => n + s, 0)
      const fresh: Tail = { from, lastPos, messages: [...messages], sizes: [...sizes], chars: total }
      chars += total
      tails.set(sessionId, fresh)
      fit(sessionId, fresh)
    },
    /** Messages of the transcript were removed (not only cut by `trim`): its tail is no longer true. */
    forget: drop,
    /** A message written at the newest position; a tail that had not seen the position before it is dropped. */
    appended(sessionId: string, message: StoredMessage, size: number): void {
      const tail = tails.get(sessionId)
      if (!tail) return
      if (tail.lastPos !== message.pos - 1) return drop(sessionId)
      tail.messages.push(message)
      tail.sizes.push(size)
      tail.lastPos = message.pos
      tail.chars += size
      chars += size
      fit(sessionId, tail)
    },
  }
}
