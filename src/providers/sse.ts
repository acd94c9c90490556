/**
 * A model's streamed answer as Server-Sent Events, handed on a chunk's events at a time: the events that
 * arrived together are read in one step, not one asynchronous step each (a thousand streams at once
 * spend their time on the answers, not on awaiting them). An event past the parser's bound is the
 * provider's failure (PROVIDER_FAILED), typed like the others, and the connection is dropped.
 */
import { createSseParser, type SseEvent } from '../http/sse-parser.ts'
import { providerError } from './http.ts'

export async function* readSse(body: AsyncIterable<Uint8Array>, provider: string): AsyncGenerator<SseEvent[]> {
  let events: SseEvent[] = []
  const parser = createSseParser((e) => events.push(e))
  const decoder = new TextDecoder()
  const parse = (text: string, end = false) => {
    try {
      parser.push(text)
      if (end) parser.end()
    } catch (err) {
      throw providerError('PROVIDER_FAILED', provider, `${provider}: ${(err as Error).message}`)
    }
  }
  for await (const chunk of body) {
    parse(decoder.decode(chunk, { stream: true }))
    if (events.length === 0) continue
    yield events
    events = []
  }
  // A server that closes without the final blank line still delivered its last event.
  parse(decoder.decode(), true)
  if (events.length > 0) yield events
}
