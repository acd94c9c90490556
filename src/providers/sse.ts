/**
 * A model's streamed answer as Server-Sent Events, handed on a chunk's events at a time: the events that
 * arrived together are read in one step, not one asynchronous step each (a thousand streams at once
 * spend their time on the answers, not on awaiting them).
 */
import { createSseParser, type SseEvent } from '../http/sse-parser.ts'

export async function* readSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent[]> {
  let events: SseEvent[] = []
  const parser = createSseParser((e) => events.push(e))
  const decoder = new TextDecoder()
  for await (const chunk of body) {
    parser.push(decoder.decode(chunk, { stream: true }))
    if (events.length === 0) continue
    yield events
    events = []
  }
  // A server that closes without the final blank line still delivered its last event.
  parser.push(decoder.decode())
  parser.end()
  if (events.length > 0) yield events
}
