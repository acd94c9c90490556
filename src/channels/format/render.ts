/**
 * Walks an IR and writes it in one provider's dialect: literal text through the dialect's escaping,
 * each span as an opening and a closing marker. Spans nest properly (the parser makes them so and a
 * slice keeps them so), so markers always pair up: a chunk that starts inside a span opens it again.
 */
import type { MarkdownIR, Span } from './ir.ts'

export interface Dialect {
  /** Literal text as the provider must receive it to show it as written. `code`: inside code. */
  escape(text: string, code: boolean): string
  open(span: Span, content: string): string
  close(span: Span, content: string): string
  /** Written at the start of each line inside a blockquote, by dialects without a quote element. */
  quotePrefix?: string
  /** Told where each span landed in the output (Signal's style ranges). */
  placed?(span: Span, start: number, end: number): void
}

export function renderIR(ir: MarkdownIR, d: Dialect): string {
  // Outer spans first at one position; the parser's order already is, a sort keeps slices honest.
  const spans = [...ir.spans].sort((a, b) => a.start - b.start || b.end - a.end)
  let out = ''
  let pos = 0
  let next = 0
  const open: { span: Span; at: number }[] = []
  let quotes = 0
  const writeText = (end: number) => {
    if (end <= pos) return
    const inCode = open.some((o) => o.span.style === 'code' || o.span.style === 'code_block')
    let text = d.escape(ir.text.slice(pos, end), inCode)
    if (quotes > 0 && d.quotePrefix) text = text.replace(/\n/g, `\n${d.quotePrefix.repeat(quotes)}`)
    out += text
    pos = end
  }
  const closeTop = () => {
    writeText(open.at(-1)!.span.end)
    const { span, at } = open.pop()!
    const end = out.length
    out += d.close(span, ir.text.slice(span.start, span.end))
    d.placed?.(span, at, end)
    if (span.style === 'blockquote') quotes--
  }
  while (next < spans.length) {
    const span = spans[next++]!
    while (open.length > 0 && open.at(-1)!.span.end <= span.start) closeTop()
    writeText(span.start)
    if (span.style === 'blockquote') {
      // The quote marker starts the quote's first line; its other lines get theirs from writeText.
      if (d.quotePrefix) out += d.quotePrefix
      quotes++
    }
    out += d.open(span, ir.text.slice(span.start, span.end))
    open.push({ span, at: out.length })
  }
  while (open.length > 0) closeTop()
  writeText(ir.text.length)
  return out
}
