/**
 * A Server-Sent Events parser for the subset signal-cli writes (`id:`, `event:`, `data:` lines, `:`
 * keep-alives, a blank line ends an event). Fed decoded text in arbitrary chunks.
 */
export interface SseEvent {
  id?: string
  event: string
  data: string
}

/** A line this long without a newline is not an event stream; the caller drops the connection. */
const MAX_LINE = 1 << 20

export function createSseParser(onEvent: (event: SseEvent) => void) {
  let buffer = ''
  let data: string[] = []
  let event = ''
  let id: string | undefined

  function line(raw: string): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (text === '') {
      if (data.length > 0) onEvent({ event: event || 'message', data: data.join('\n'), ...(id !== undefined && { id }) })
      data = []
      event = ''
      return
    }
    if (text.startsWith(':')) return
    const colon = text.indexOf(':')
    const field = colon < 0 ? text : text.slice(0, colon)
    const value = colon < 0 ? '' : text.slice(colon + 1).replace(/^ /, '')
    if (field === 'data') data.push(value)
    else if (field === 'event') event = value
    else if (field === 'id' && !value.includes('\0')) id = value
  }

  return {
    /** The id of the last event seen, for `Last-Event-ID` on reconnect. */
    get lastEventId(): string | undefined {
      return id
    },
    push(chunk: string): void {
      buffer += chunk
      let nl: number
      while ((nl = buffer.indexOf('\n')) >= 0) {
        line(buffer.slice(0, nl))
        buffer = buffer.slice(nl + 1)
      }
      if (buffer.length > MAX_LINE) throw new Error('event stream line too long')
    },
  }
}
