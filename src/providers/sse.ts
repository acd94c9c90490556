/** Server-Sent Events from a fetch body: yields each event's name and joined `data:` lines. */

export interface SseEvent {
  event?: string
  data: string
}

export async function* readSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder()
  let buffer = ''
  let event: string | undefined
  let data: string[] = []
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true })
    let nl: number
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '')
      buffer = buffer.slice(nl + 1)
      if (line === '') {
        if (data.length > 0) yield { event, data: data.join('\n') }
        event = undefined
        data = []
        continue
      }
      if (line.startsWith(':')) continue // comment / keep-alive
      const colon = line.indexOf(':')
      const field = colon < 0 ? line : line.slice(0, colon)
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
      if (field === 'data') data.push(value)
      else if (field === 'event') event = value
    }
  }
  // A server that closes without the final blank line still delivered its last event.
  if (data.length > 0) yield { event, data: data.join('\n') }
}
