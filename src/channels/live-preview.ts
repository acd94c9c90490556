/**
 * A reply shown while the model writes it (`streaming.mode`, docs/concepts/streaming):
 * - `partial`: one message sent at the first text and edited in place with the latest text;
 * - `block`: the same message, grown in steps of whole paragraphs or lines rather than per token;
 * - `progress`: one status draft ("Working…", and with `toolProgress` a line per tool) that appears
 *   when the agent starts real work (its first tool call) and is deleted once the answer is out.
 * Edits to one preview are at least `editIntervalMs` apart (the provider's edit rate limit) and only
 * the latest text is sent, so a fast model never causes an edit storm. The final text does not wait
 * for that interval (only for the chat's pace), so a reply is complete as soon as the turn ends. It replaces the
 * preview: it is edited into it (the first chunk when it must be split) and the rest goes as new
 * messages; when that edit fails the whole answer goes normally and the stale preview is deleted.
 * The preview is rendered like the final text (`format/`), so a half-written `**bold` is shown as
 * typed rather than as a broken entity the provider would refuse.
 */
import { logger } from '../log.ts'
import type { ChunkMode } from '../config/channels-schema.ts'
import { describeError } from './errors.ts'
import type { RenderedText } from './format/index.ts'
import type { StreamingSettings } from './types.ts'

const log = logger('channels')

/** `block` mode shows new text only once this much has accumulated at a break (the original's preview `minChars`). */
const BLOCK_MIN_CHARS = 200
/** At most this many tool lines under a progress status line. */
const PROGRESS_MAX_LINES = 8
const PROGRESS_HEADLINE = 'Working…'

/** The chat a preview lives in; every call goes through the account's per-chat pace. */
export interface PreviewChat {
  send(body: RenderedText): Promise<SentMessage>
  edit(message: SentMessage, body: RenderedText): Promise<void>
  remove(message: SentMessage): Promise<void>
}

/** A sent message as the provider names it (a DM target resolves to its own chat id). */
interface SentMessage {
  id: string
  chatId: string
}

export interface PreviewOptions {
  streaming: StreamingSettings
  /** Markdown in the provider's format, split to its limit. */
  render(markdown: string, chunkMode: ChunkMode): RenderedText[]
  editIntervalMs: number
  now?: () => number
}

export interface LivePreview {
  /** Everything the run has said so far. */
  text(full: string): void
  tool(name: string): void
  /**
   * Delivers `final`: into the preview where the mode allows, else through `deliver` (the normal
   * path), then clears a progress draft. Never throws for the preview's own calls.
   */
  finish(final: string, deliver: (text: string) => Promise<void>): Promise<void>
  /** The run failed: a preview of an answer that never finished is deleted. */
  abandon(): Promise<void>
}

export function createLivePreview(chat: PreviewChat, o: PreviewOptions): LivePreview {
  const now = o.now ?? performance.now.bind(performance)
  const { mode } = o.streaming
  let message: SentMessage | undefined
  /** The Markdown the preview message shows now (and its rendering), and what it should show next. */
  let shown = ''
  let shownBody: RenderedText | undefined
  let wanted = ''
  let lastOpAt = -Infinity
  let timer: ReturnType<typeof setTimeout> | undefined
  /** Preview calls run one at a time, in order. */
  let chain: Promise<void> = Promise.resolve()
  let busy = false
  let closed = false
  const tools: string[] = []

  function enqueue(op: () => Promise<void>): Promise<void> {
    busy = true
    chain = chain.then(op).catch((err) => log.debug(`preview update failed: ${describeError(err)}`)).finally(() => {
      busy = false
      lastOpAt = now()
      if (!closed && wanted !== shown) schedule()
    })
    return chain
  }

  function schedule(): void {
    if (closed || timer || busy) return
    const wait = message === undefined ? 0 : lastOpAt + o.editIntervalMs - now()
    if (wait <= 0) return flush()
    timer = setTimeout(() => {
      timer = undefined
      flush()
    }, wait)
  }

  function flush(): void {
    if (closed || wanted === shown || !wanted) return
    const next = wanted
    const body = o.render(next, 'length')[0]
    if (!body || body.text === shownBody?.text) return void (shown = next)
    void enqueue(async () => {
      if (message === undefined) message = await chat.send(body)
      else await chat.edit(message, body)
      shown = next
      shownBody = body
    })
  }

  function want(text: string): void {
    wanted = text
    schedule()
  }

  /** The Markdown to preview; only its first message's worth is shown. */
  function previewOf(full: string): string {
    const text = full.trim()
    if (mode !== 'block') return text
    // Block mode grows the preview only at a break, and only by a sizeable step.
    if (text.length - shown.length < BLOCK_MIN_CHARS) return shown
    const cut = lastBreak(text)
    return cut - shown.length < BLOCK_MIN_CHARS ? shown : text.slice(0, cut).trimEnd()
  }

  function progressText(): string {
    return [PROGRESS_HEADLINE, ...tools.slice(-PROGRESS_MAX_LINES).map((name) => `🛠️ ${name}`)].join('\n')
  }

  async function settle(): Promise<void> {
    closed = true
    clearTimeout(timer)
    timer = undefined
    await chain
  }

  async function removePreview(): Promise<void> {
    if (message === undefined) return
    const sent = message
    message = undefined
    await chat.remove(sent).catch((err) => log.debug(`could not delete a preview: ${describeError(err)}`))
  }

  return {
    text(full) {
      if (mode !== 'progress') want(previewOf(full))
    },
    tool(name) {
      if (mode !== 'progress') return
      tools.push(name)
      want(o.streaming.toolProgress ? progressText() : PROGRESS_HEADLINE)
    },
    async finish(final, deliver) {
      await settle()
      if (mode === 'progress' || message === undefined) {
        if (final.trim()) await deliver(final)
        await removePreview()
        return
      }
      const chunks = o.render(final, o.streaming.chunkMode)
      if (chunks.length === 0) return removePreview()
      try {
        // The final edit goes at once: the interval only spaces the drafts. The chat's pace (Telegram's
        // one message a second) and a provider's 429 Retry-After still hold, below this layer.
        if (chunks[0]!.text !== shownBody?.text) await chat.edit(message, chunks[0]!)
      } catch (err) {
        log.debug(`the final edit of a preview failed (${describeError(err)}); sending the answer normally`)
        await deliver(final)
        return removePreview()
      }
      for (const rest of chunks.slice(1)) await chat.send(rest)
    },
    async abandon() {
      await settle()
      await removePreview()
    },
  }
}

/** Where a block may end: after a paragraph, else a line, else a sentence. */
function lastBreak(text: string): number {
  const paragraph = text.lastIndexOf('\n\n')
  if (paragraph > 0) return paragraph
  const line = text.lastIndexOf('\n')
  if (line > 0) return line
  const sentence = Math.max(text.lastIndexOf('. '), text.lastIndexOf('! '), text.lastIndexOf('? '))
  return sentence > 0 ? sentence + 1 : 0
}
