/**
 * A Server-Sent Events parser (`id:`, `event:`, `data:` lines, `:` keep-alives, a blank line ends an
 * event), fed decoded text in arbitrary chunks: signal-cli's event stream and the model providers'
 * streamed answers. The stream is untrusted: an event (its data lines so far plus the unfinished line)
 * past the bound throws, and the caller drops the connection.
 */
export interface SseEvent {
  id?: string
  event: string
  data: string
}

/** Far above any event either source sends (a message's JSON, a model's delta). */
const MAX_EVENT_CHARS = 1 << 20

export function createSseParser(onEvent: (event: SseEvent) => void, limit = MAX_EVENT_CHARS) {
  let buffer = ''
  let data: string[] = []
  /** Characters the event being read holds so far. */
  let held = 0
  let event = ''
  let id: string | undefined

  const tooLarge = () => new Error(`event stream event larger than ${limit} characters`)

  function dispatch(): void {
    if (data.length > 0) onEvent({ event: event || 'message', data: data.length === 1 ? data[0]! : data.join('\n'), ...(id !== undefined && { id }) })
    data = []
    held = 0
    event = ''
  }

  /** The line `text[start..end)`, without its `\n` (and without a `\r` before it). */
  function line(text: string, start: number, end: number): void {
    if (end > start && text.charCodeAt(end - 1) === 13) end--
    if (end === start) return dispatch()
    if (text.charCodeAt(start) === 58) return // ':' a comment: a keep-alive
    const colon = text.indexOf(':', start)
    const hasValue = colon >= 0 && colon < end
    const field = text.slice(start, hasValue ? colon : end)
    // One space after the colon is not part of the value.
    const from = hasValue ? (text.charCodeAt(colon + 1) === 32 && colon + 1 < end ? colon + 2 : colon + 1) : end
    const value = text.slice(from, end)
    if (field === 'data') {
      held += value.length + 1
      if (held > limit) throw tooLarge()
      data.push(value)
    } else if (field === 'event') event = value
    else if (field === 'id' && !value.includes('\0')) id = value
  }

  return {
    /** The id of the last event seen, for `Last-Event-ID` on reconnect. */
    get lastEventId(): string | undefined {
      return id
    },
    push(chunk: string): void {
      const text = buffer + chunk
      let start = 0
      let nl: number
      while ((nl = text.indexOf('\n', start)) >= 0) {
        line(text, start, nl)
        start = nl + 1
      }
      buffer = start === 0 ? text : text.slice(start)
      if (held + buffer.length > limit) throw tooLarge()
    },
    /** The stream ended: an event it did not close with a blank line still counts (a model's last event is kept). */
    end(): void {
      if (buffer) line(buffer, 0, buffer.length)
      buffer = ''
      dispatch()
    },
  }
}
