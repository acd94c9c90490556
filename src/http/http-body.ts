/** Bodies read with a ceiling: a chunked or lying upload or download cannot make the gateway buffer more than `limit`. */

/** A request's or response's body, or null when it declares or passes `limit` (the rest is never read). */
export async function readBounded(message: { headers: Headers; body: ReadableStream<Uint8Array> | null }, limit: number): Promise<Buffer | null> {
  const declared = Number(message.headers.get('content-length') ?? 0)
  if (declared > limit) {
    void message.body?.cancel().catch(() => {})
    return null
  }
  return message.body ? collectBounded(message.body, limit) : Buffer.alloc(0)
}

/** The chunks joined, or null as soon as they pass `limit` (leaving the loop stops the stream). */
export async function collectBounded(chunks: AsyncIterable<Uint8Array>, limit: number): Promise<Buffer | null> {
  const parts: Uint8Array[] = []
  let total = 0
  for await (const chunk of chunks) {
    total += chunk.byteLength
    if (total > limit) return null
    parts.push(chunk)
  }
  return Buffer.concat(parts)
}
