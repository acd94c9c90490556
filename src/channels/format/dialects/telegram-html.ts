/**
 * Telegram's HTML parse mode (what the original sends): `<b> <i> <s> <code> <pre> <a> <tg-spoiler>
 * <blockquote>`. Everything literal has `& < >` escaped, so a model writing `<script>` or `a < b`
 * shows exactly that. Headings have no tag here and are shown bold.
 */
import type { Span } from '../ir.ts'
import type { Dialect } from '../render.ts'

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

const TAGS: Partial<Record<Span['style'], string>> = {
  bold: 'b', heading: 'b', italic: 'i', strike: 's', code: 'code', spoiler: 'tg-spoiler', blockquote: 'blockquote',
}

export const telegramHtml: Dialect = {
  escape: escapeHtml,
  open(span) {
    if (span.style === 'link') return `<a href="${escapeHtml(span.href!).replace(/"/g, '&quot;')}">`
    if (span.style === 'code_block') return span.lang ? `<pre><code class="language-${escapeHtml(span.lang).replace(/"/g, '&quot;')}">` : '<pre>'
    return `<${TAGS[span.style]}>`
  },
  close(span) {
    if (span.style === 'link') return '</a>'
    if (span.style === 'code_block') return span.lang ? '</code></pre>' : '</pre>'
    return `</${TAGS[span.style]}>`
  },
}
