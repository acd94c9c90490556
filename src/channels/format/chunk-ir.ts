/**
 * Splits an IR into messages that fit a provider's limit once rendered. Cuts prefer a paragraph
 * break, then a line break, then a space, and never fall between the halves of a surrogate pair.
 * Each piece is measured after rendering (markup and escaping count), and cut shorter until it fits.
 * `newline` mode (`streaming.chunkMode`) first makes each paragraph its own message; a code block's
 * blank lines are not paragraph breaks.
 */
import type { ChunkMode } from '../../config/channels-schema.ts'
import { sliceIR, type MarkdownIR } from './ir.ts'

export function chunkIR(ir: MarkdownIR, limit: number, mode: ChunkMode, measure: (chunk: MarkdownIR) => number): MarkdownIR[] {
  const pieces = mode === 'newline' ? splitParagraphs(ir) : [ir]
  return pieces.flatMap((piece) => chunkByLength(piece, limit, measure))
}

function splitParagraphs(ir: MarkdownIR): MarkdownIR[] {
  const blocks = ir.spans.filter((s) => s.style === 'code_block')
  const pieces: MarkdownIR[] = []
  let from = 0
  for (const gap of ir.text.matchAll(/\n[ \t]*\n/g)) {
    if (blocks.some((b) => gap.index > b.start && gap.index < b.end)) continue
    pieces.push(sliceIR(ir, from, gap.index))
    from = gap.index + gap[0].length
  }
  pieces.push(sliceIR(ir, from, ir.text.length))
  return pieces
}

function chunkByLength(ir: MarkdownIR, limit: number, measure: (chunk: MarkdownIR) => number): MarkdownIR[] {
  const chunks: MarkdownIR[] = []
  const { text } = ir
  let pos = 0
  while (pos < text.length) {
    let budget = limit
    /** Even one character with its markup is over the limit (a link to a huge URL): this piece goes without markup. */
    let bare = false
    for (;;) {
      const cut = cutPoint(text, pos, budget)
      let end = cut
      while (end > pos && /\s/.test(text[end - 1]!)) end--
      const sliced = sliceIR(ir, pos, end)
      const chunk = bare ? { text: sliced.text, spans: [] } : sliced
      const size = measure(chunk)
      if (size <= limit || (bare && budget <= 1)) {
        if (chunk.text) chunks.push(chunk)
        pos = skipBreak(text, cut)
        break
      }
      if (budget <= 1) {
        bare = true
        budget = limit
        continue
      }
      // Markup made it too long: try again with the text shrunk in proportion.
      budget = Math.max(1, Math.min(budget - 1, Math.floor((budget * limit) / size)))
    }
  }
  return chunks
}

/** The end of the next piece starting at `pos` with at most `budget` characters. */
function cutPoint(text: string, pos: number, budget: number): number {
  if (text.length - pos <= budget) return text.length
  const window = text.slice(pos, pos + budget + 1)
  let cut = window.lastIndexOf('\n\n')
  if (cut < budget / 2) cut = window.lastIndexOf('\n')
  if (cut < budget / 2) cut = window.lastIndexOf(' ')
  if (cut < budget / 2) cut = budget
  // A cut between the halves of a surrogate pair would leave two broken characters.
  const code = window.charCodeAt(cut - 1)
  if (code >= 0xd800 && code <= 0xdbff && cut > 1) cut -= 1
  return pos + cut
}

/** Past the line breaks (and a word break's space) at a cut; other leading spaces are indentation. */
function skipBreak(text: string, at: number): number {
  let i = at
  if (text[i] === ' ') i++
  while (text[i] === '\n') i++
  return i
}
