/**
 * Splits a reply to a provider's length limit, preferring paragraph, then line, then word breaks, and
 * never cutting a surrogate pair. `newline` mode (`streaming.chunkMode`) first makes each paragraph
 * (text between blank lines) its own message, then length-splits any paragraph still over the limit.
 */
import type { ChunkMode } from '../config/channels-schema.ts'

export function chunkText(text: string, limit: number, mode: ChunkMode = 'length'): string[] {
  if (mode === 'newline') return text.split(/\n[ \t]*\n/).flatMap((paragraph) => chunkByLength(paragraph, limit))
  return chunkByLength(text, limit)
}

function chunkByLength(text: string, limit: number): string[] {
  const chunks: string[] = []
  let rest = text.trim()
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1)
    let cut = Math.max(window.lastIndexOf('\n\n'), window.lastIndexOf('\n'))
    if (cut < limit / 2) cut = window.lastIndexOf(' ')
    if (cut < limit / 2) cut = limit
    // A cut between the halves of a surrogate pair would leave two broken characters.
    const code = rest.charCodeAt(cut - 1)
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1
    chunks.push(rest.slice(0, cut).trimEnd())
    rest = rest.slice(cut).trimStart()
  }
  if (rest.length > 0) chunks.push(rest)
  return chunks
}
