/**
 * Plain text: what a reader of the Markdown would see, with no markers at all. iMessage gets this,
 * and so does any provider that refuses a message's markup (the plain-text fallback).
 */
import type { Span } from '../ir.ts'
import type { Dialect } from '../render.ts'

/** A link's URL after its label, unless the label already is the URL. */
export const linkSuffix = (span: Span, content: string) => (content === span.href ? '' : ` (${span.href})`)

export const plainText: Dialect = {
  escape: (text) => text,
  open: () => '',
  close: (span, content) => (span.style === 'link' ? linkSuffix(span, content) : ''),
  quotePrefix: '> ',
}
