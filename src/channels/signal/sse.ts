/**
 * A Server-Sent Events parser for the subset signal-cli writes (`id:`, `event:`, `data:` lines, `:`
 * keep-alives, a blank line ends an event). Fed decoded text in arbitrary chunks. The stream is
 * untrusted: an event (its data lines so far plus the unfinished line) past the bound throws, and the
 * caller drops the connection.
 */
export interface SseEvent {
  id?: string
  event: string
  data: string
}

/** Far above any signal-cli event (a message's JSON, its attachments' metadata). */
const MAX_EVENT_CHARS = 1 << 20

export function createSseParser(onEvent: (event: SseEvent) => void, limit = MAX_EVENT_CHARS) {
  let buffer = ''
  let data: string[] = []
  /** Characters the event being read holds so far. */
  let held = 0
  let event = ''
  let id: string | undefined

  const tooLarge = () => new Error(`event stream event larger than ${limit} characters`)

  function line(raw: string): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (text === '') {
      if (data.length > 0) onEvent({ event: event || 'message', data: data.join('\n'), ...(id !== undefined && { id }) })
      data = []
      held = 0
      event = ''
      return
    }
    if (text.startsWith(':')) return
    const colon = text.indexOf(':')
    const field = colon < 0 ? text : text.slice(0, colon)
    const value = colon < 0 ? '' : text.slice(colon + 1).replace(/^ /, '')
    if (field === 'data') {
      held += value.length + 1
      if (held > limit) throw tooLarge()
      data.push(value)
    }
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
      if (held + buffer.length > limit) throw tooLarge()
    },
  }
}
