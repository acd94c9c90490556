/**
 * Block replies (`streaming.block.enabled`, docs/concepts/streaming): the answer goes out as separate
 * messages while the model writes it, on any provider (WhatsApp, Signal and iMessage cannot edit, so
 * this is the only streaming they have). Text is held until at least `minChars` have gathered and the
 * model has paused for `idleMs` (coalescing, so a fast model does not send a message per line), or
 * until `maxChars` are waiting; a block ends at the last paragraph, line or sentence break, or where a
 * tool call ends the model's message. What is left when the turn ends is sent at once.
 */
import { logger } from '../log.ts'
import { describeError } from './errors.ts'
import type { LivePreview } from './live-preview.ts'
import type { StreamingSettings } from './streaming-settings.ts'
import { breakIn, forcedBreak } from './text-breaks.ts'

const log = logger('channels')

export function createBlockReplies(send: (text: string) => Promise<void>, block: StreamingSettings['block']): LivePreview {
  let streamed = ''
  /** How much of `streamed` has been sent. */
  let sent = 0
  let idle: ReturnType<typeof setTimeout> | undefined
  /** Sends run one at a time, in order. */
  let chain: Promise<void> = Promise.resolve()
  let closed = false
  /** A block has gone (or is going) out. */
  let begun = false

  /** Sends the waiting text up to its last break, or all of it (`whole`) when the model's message ended. */
  function flush(whole = false): void {
    const waiting = streamed.slice(sent)
    // A block that reached maxChars with no break in it is cut at a word, or at maxChars.
    const cut = whole ? waiting.length : waiting.length >= block.maxChars ? forcedBreak(waiting, 'paragraph', 1, block.maxChars) : breakIn(waiting, 'paragraph', 1, block.maxChars)
    if (cut <= 0) return
    const text = waiting.slice(0, cut).trim()
    sent += cut
    if (!text) return
    begun = true
    chain = chain.then(() => send(text)).catch((err) => log.debug(`a block reply failed: ${describeError(err)}`))
  }

  return {
    text(full) {
      if (closed) return
      streamed = full
      clearTimeout(idle)
      const waiting = full.length - sent
      if (waiting >= block.maxChars) flush()
      if (full.length - sent >= block.minChars) idle = setTimeout(() => flush(), block.idleMs)
    },
    // A tool call ends the model's message: what it wrote before the call is a finished block, sent
    // now rather than merged with what it writes after the tool (that would depend on timing).
    tool() {
      if (closed) return
      clearTimeout(idle)
      flush(true)
    },
    async finish(final, deliver) {
      closed = true
      clearTimeout(idle)
      await chain
      // The final is the streamed text (plus a stop mark); what was sent is not sent again.
      const rest = final.startsWith(streamed.slice(0, sent)) ? final.slice(sent) : final
      if (rest.trim()) await deliver(rest)
    },
    async abandon() {
      closed = true
      clearTimeout(idle)
      await chain
    },
    sentForGood: () => begun,
  }
}
