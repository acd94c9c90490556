/** Request bodies read with a ceiling: a chunked or lying upload cannot make the gateway buffer more than `limit`. */

/** The body, or null as soon as it passes `limit` (the rest is never read). */
export async function readBounded(req: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(req.headers.get('content-length') ?? 0)
  if (declared > limit) return null
  const chunks: Uint8Array[] = []
  let total = 0
  for await (const chunk of req.body ?? []) {
    total += chunk.byteLength
    if (total > limit) return null
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}
