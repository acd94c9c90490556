/**
 * The intermediate form every outbound reply passes through (docs/concepts/markdown-formatting): the
 * text a reader sees, plus spans saying which part is bold, a link, a code block… One parse feeds
 * every provider's renderer, and a chunk is a slice of it, so a split never cuts through markup.
 * Offsets are UTF-16 code units (what JavaScript strings and Signal's style ranges count).
 */

export type SpanStyle = 'bold' | 'italic' | 'strike' | 'code' | 'code_block' | 'spoiler' | 'blockquote' | 'heading' | 'link'

export interface Span {
  start: number
  end: number
  style: SpanStyle
  /** `link`: the target. */
  href?: string
  /** `code_block`: the fence's language. */
  lang?: string
  /** `heading`: 1–6. */
  level?: number
}

export interface MarkdownIR {
  text: string
  /** Properly nested: two spans are either disjoint or one contains the other. */
  spans: Span[]
}

/** Appends text and spans in reading order; a span opened around nested content is closed after it. */
export class IRBuilder {
  text = ''
  readonly spans: Span[] = []
  /** Just after a list marker: the item's first block continues its line instead of breaking. */
  private inlineStart = false

  /** Newlines at the end of `text`, kept as it grows (reading a character of a long concatenated string would flatten it each time). */
  private trailingNewlines = 0

  append(text: string): void {
    if (!text) return
    this.text += text
    this.inlineStart = false
    let trailing = 0
    while (trailing < text.length && text[text.length - 1 - trailing] === '\n') trailing++
    this.trailingNewlines = trailing === text.length ? this.trailingNewlines + trailing : trailing
  }

  /** Writes a list marker; the next block starts on the marker's line. */
  appendMarker(marker: string): void {
    this.append(marker)
    this.inlineStart = true
  }

  /** Runs `fill` and records a span over what it appended (nothing when it appended nothing). */
  wrap(style: SpanStyle, fill: () => void, extra: Omit<Span, 'start' | 'end' | 'style'> = {}): void {
    const start = this.text.length
    const index = this.spans.length
    fill()
    // Inserted before its children so an outer span sorts ahead of the spans it contains.
    if (this.text.length > start) this.spans.splice(index, 0, { start, end: this.text.length, style, ...extra })
  }

  /** Ends the current block with at least `breaks` newlines (none at the very start, none after a list marker). */
  breakLines(breaks: number): void {
    if (!this.text || this.inlineStart) return
    if (this.trailingNewlines < breaks) this.append('\n'.repeat(breaks - this.trailingNewlines))
  }

  build(): MarkdownIR {
    const text = this.text.replace(/\s+$/, '')
    const spans = this.spans.map((s) => ({ ...s, end: Math.min(s.end, text.length) })).filter((s) => s.end > s.start)
    return { text, spans }
  }
}

/** The part of `ir` between `start` and `end`, spans clipped to it. */
export function sliceIR(ir: MarkdownIR, start: number, end: number): MarkdownIR {
  const spans: Span[] = []
  for (const s of ir.spans) {
    const from = Math.max(s.start, start)
    const to = Math.min(s.end, end)
    if (to > from) spans.push({ ...s, start: from - start, end: to - start })
  }
  return { text: ir.text.slice(start, end), spans }
}
