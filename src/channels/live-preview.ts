/**
 * A reply shown while the model writes it (`streaming.mode`, docs/concepts/streaming):
 * - `partial`: one message sent at the first text and edited in place with the latest text;
 * - `block`: the same, grown in steps of at least `preview.chunk.minChars` at a break
 *   (`breakPreference`), moving on to a new message once one would pass `preview.chunk.maxChars`;
 * - `progress`: one status draft (its label, and with `progress.toolProgress` a line per tool) that
 *   appears when the agent starts real work (its first tool call) and is deleted once the answer is out.
 * In `partial` and `block`, a running tool shows as a line under the text (`preview.toolProgress`)
 * until the answer goes on.
 * Edits to one preview are at least `editIntervalMs` apart (the provider's edit rate limit) and only
 * the latest text is sent, so a fast model never causes an edit storm. The final text does not wait
 * for that interval (only for the chat's pace), so a reply is complete as soon as the turn ends. It
 * replaces the preview: it is edited into it (the first chunk when it must be split) and the rest goes
 * as new messages; when that edit fails the whole answer goes normally and the stale preview is deleted.
 * The preview is rendered like the final text (`format/`), so a half-written `**bold` is shown as
 * typed rather than as a broken entity the provider would refuse.
 */
import type { ChunkMode } from '../config/channels-schema.ts'
import { logger } from '../log.ts'
import { describeError } from './errors.ts'
import type { RenderedText } from './format/index.ts'
import type { StreamingSettings } from './streaming-settings.ts'
import { breakIn, forcedBreak } from './text-breaks.ts'

const log = logger('channels')
const MAX_FAILURES = 3

/**
 * The chat a preview lives in; every call goes through the account's per-chat pace. Each call gets
 * the text rendered for the provider and the Markdown it came from.
 */
export interface PreviewChat {
  send(body: RenderedText, markdown: string): Promise<SentMessage>
  edit(message: SentMessage, body: RenderedText, markdown: string): Promise<void>
  remove(message: SentMessage): Promise<void>
  /**
   * The transport only appends to what a message shows (Slack's native stream): the preview never
   * shows tool lines it would have to take back, and its last text goes through `finalize`.
   */
  readonly appendOnly?: boolean
  /**
   * Makes the answer the message's final content (Slack: chat.stopStream); resolves true when the
   * message took all of `markdown`, false when only `body` (the first message's worth).
   */
  finalize?(message: SentMessage, body: RenderedText, markdown: string): Promise<boolean>
}

/** A sent message as the provider names it (a DM target resolves to its own chat id). */
export interface SentMessage {
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
  tool(name: string, args?: Record<string, unknown>): void
  /**
   * Delivers `final`: into the preview where the mode allows, else through `deliver` (the normal
   * path), then clears a progress draft. Never throws for the preview's own calls.
   */
  finish(final: string, deliver: (text: string) => Promise<void>): Promise<void>
  /** The run failed: a preview of an answer that never finished is deleted. */
  abandon(): Promise<void>
  /** Part of the answer is out for good (a block reply, a closed block-preview message): `abandon` does not take it back. */
  sentForGood(): boolean
}

export function createLivePreview(chat: PreviewChat, o: PreviewOptions): LivePreview {
  const now = o.now ?? performance.now.bind(performance)
  const { mode, preview: pv, progress: pg } = o.streaming
  const { maxChars } = pv
  const toolLinesShown = mode === 'progress' ? pg.toolProgress : pv.toolProgress && !chat.appendOnly
  /** Everything the run has said so far. */
  let streamed = ''
  /** `block`: how much of `streamed` earlier preview messages already show. */
  let frozen = 0
  /** `block`: the current message is to be closed with `text` and the next one starts at `offset`. */
  let freeze: { text: string; offset: number } | undefined
  let message: SentMessage | undefined
  /** The Markdown the preview message shows (and its rendering), and the answer part of it. */
  let shown = ''
  let shownBody: RenderedText | undefined
  let shownAnswer = ''
  /** Tool lines: the draft's lines (`progress`), or the tools run since the answer last grew. */
  const lines: string[] = []
  let linesAt = 0
  /** `progress`: the agent has started real work, so the draft is due. */
  let working = false
  let lastOpAt = -Infinity
  let timer: ReturnType<typeof setTimeout> | undefined
  /** Preview calls run one at a time, in order. */
  let chain: Promise<void> = Promise.resolve()
  let busy = false
  let closed = false
  /** Preview calls that failed in a row; after MAX_FAILURES the preview stops updating (the answer still goes out). */
  let failures = 0

  function enqueue(op: () => Promise<void>): void {
    busy = true
    chain = chain.then(op).then(() => void (failures = 0), (err) => {
      failures++
      log.debug(`preview update failed: ${describeError(err)}`)
    }).finally(() => {
      busy = false
      lastOpAt = now()
      if (!closed && (freeze || display() !== shown)) schedule()
    })
  }

  function schedule(): void {
    if (closed || timer || busy || failures >= MAX_FAILURES) return
    // The first call goes at once; every later one, a failed one included, waits out the interval.
    const wait = lastOpAt + o.editIntervalMs - now()
    if (wait <= 0) return flush()
    timer = setTimeout(() => {
      timer = undefined
      flush()
    }, wait)
  }

  /** One call: closes a full block message, or shows the latest text. What to show is decided when the call runs. */
  function flush(): void {
    if (closed) return
    if (!freeze) {
      const next = display()
      if (!next || next === shown) return
    }
    enqueue(async () => {
      if (freeze) {
        const { text, offset } = freeze
        const body = o.render(text, 'length')[0]
        if (body && message === undefined) await chat.send(body, text)
        else if (body && message && body.text !== shownBody?.text) await chat.edit(message, body, text)
        frozen = offset
        freeze = undefined
        message = undefined
        shown = shownAnswer = ''
        shownBody = undefined
        return
      }
      const next = display()
      if (!next || next === shown) return
      const answer = answerText()
      // Only the first message's worth is previewed; the rest comes with the final text.
      const body = o.render(next, 'length')[0]
      if (body && body.text !== shownBody?.text) {
        if (message === undefined) message = await chat.send(body, next)
        else await chat.edit(message, body, next)
        shownBody = body
      }
      shown = next
      shownAnswer = answer
    })
  }

  /** The answer part of the preview as it should be now. */
  function answerText(): string {
    if (mode === 'progress') return ''
    if (mode === 'partial') return streamed.trim()
    // Block mode grows the preview only at a break, and only by a sizeable step.
    const segment = streamed.slice(frozen)
    const body = segment.trimStart()
    const cut = breakIn(body, pv.breakPreference, shownAnswer.length + pv.minChars, Math.min(body.length, maxChars))
    return cut < 0 ? shownAnswer : body.slice(0, cut).trimEnd()
  }

  function display(): string {
    if (mode === 'progress') {
      if (!working) return ''
      return [...(pg.label === false ? [] : [pg.label]), ...lines.slice(-pg.maxLines)].join('\n')
    }
    const answer = answerText()
    const tools = lines.length > 0 && streamed.length <= linesAt ? lines.join('\n') : ''
    return [answer, tools].filter(Boolean).join('\n\n')
  }

  /** Block mode: once the current message's text would pass maxChars, it is closed at a break and the rest starts a new one. */
  function checkFreeze(): void {
    if (mode !== 'block' || freeze) return
    const segment = streamed.slice(frozen)
    const body = segment.trimStart()
    if (body.length <= maxChars) return
    const cut = forcedBreak(body, pv.breakPreference, Math.min(pv.minChars, maxChars), maxChars)
    freeze = { text: body.slice(0, cut).trimEnd(), offset: frozen + (segment.length - body.length) + cut }
  }

  function toolLine(name: string, args: Record<string, unknown> | undefined, commandText: 'raw' | 'status'): string {
    const command = commandText === 'raw' && typeof args?.command === 'string' ? `: ${args.command}` : ''
    return clip(`🛠️ ${name}${command}`, mode === 'progress' ? pg.maxLineChars : Infinity)
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

  /** The final text minus what earlier block messages show, or undefined when it does not continue them. */
  function unshownPart(final: string): string | undefined {
    if (frozen === 0) return final
    return final.startsWith(streamed.slice(0, frozen)) ? final.slice(frozen) : undefined
  }

  return {
    text(full) {
      streamed = full
      if (mode === 'progress') return
      checkFreeze()
      schedule()
    },
    tool(name, args) {
      if (mode === 'progress') {
        working = true
        const said = streamed.slice(linesAt).trim()
        linesAt = streamed.length
        if (pg.commentary && said) lines.push(clip(`💬 ${said.replace(/\s+/g, ' ')}`, pg.maxLineChars))
        if (pg.toolProgress) lines.push(toolLine(name, args, pg.commandText))
        return schedule()
      }
      if (!toolLinesShown) return
      if (streamed.length > linesAt) lines.length = 0
      linesAt = streamed.length
      lines.push(toolLine(name, args, pv.commandText))
      schedule()
    },
    async finish(final, deliver) {
      await settle()
      if (mode === 'progress' || (message === undefined && frozen === 0)) {
        if (final.trim()) await deliver(final)
        await removePreview()
        return
      }
      const rest = unshownPart(final)
      if (rest === undefined) {
        log.debug('the final text does not continue the block preview; sending it normally')
        await deliver(final)
        return removePreview()
      }
      // Block mode, the next message not started yet: the rest goes the normal way (and is rendered there).
      if (message === undefined) return rest.trim() ? deliver(rest) : undefined
      const chunks = o.render(rest, o.streaming.chunkMode)
      if (chunks.length === 0) return removePreview()
      let whole = false
      try {
        // The final edit goes at once: the interval only spaces the drafts. The chat's pace (Telegram's
        // one message a second) and a provider's 429 Retry-After still hold, below this layer.
        if (chat.finalize) whole = await chat.finalize(message, chunks[0]!, rest.trim())
        else if (chunks[0]!.text !== shownBody?.text) await chat.edit(message, chunks[0]!, rest.trim())
      } catch (err) {
        log.debug(`the final edit of a preview failed (${describeError(err)}); sending the answer normally`)
        await deliver(rest)
        return removePreview()
      }
      if (whole) return
      for (const chunk of chunks.slice(1)) await chat.send(chunk, chunk.plain)
    },
    async abandon() {
      await settle()
      await removePreview()
    },
    sentForGood: () => frozen > 0 || freeze !== undefined,
  }
}

/** A line cut to `max` characters at a word where one is near, marked with an ellipsis. */
function clip(line: string, max: number): string {
  if (line.length <= max) return line
  const space = line.lastIndexOf(' ', max - 1)
  return `${line.slice(0, space > max / 2 ? space : max - 1).trimEnd()}…`
}
