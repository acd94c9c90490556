/**
 * WhatsApp's markers: `*bold*`, `_italic_`, `~strike~`, `` `code` ``, ```` ``` ```` blocks and `> `
 * quotes. WhatsApp has no escape character, so literal text goes as it is; links are written out
 * as `label (url)`, since a message cannot hide a URL behind a label.
 */
import type { Span } from '../ir.ts'
import type { Dialect } from '../render.ts'
import { linkSuffix } from './plain.ts'

const MARKS: Partial<Record<Span['style'], string>> = { bold: '*', heading: '*', italic: '_', strike: '~', code: '`' }

export const whatsappMarkers: Dialect = {
  escape: (text) => text,
  open: (span) => (span.style === 'code_block' ? '```\n' : MARKS[span.style] ?? ''),
  close: (span, content) => (span.style === 'code_block' ? '\n```' : span.style === 'link' ? linkSuffix(span, content) : MARKS[span.style] ?? ''),
  quotePrefix: '> ',
}
