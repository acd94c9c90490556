/**
 * Discord's own Markdown, which is close to what models write: styles pass through as `**`, `*`,
 * `~~`, `||`, headings up to `###`, fenced blocks with their language and `> ` quotes. Literal text
 * has Discord's markdown characters backslash-escaped (outside URLs, whose characters must stay
 * as they are), and links become `[label](<url>)`, which Discord shows without an embed.
 */
import type { Span } from '../ir.ts'
import type { Dialect } from '../render.ts'

const URL_PART = /(https?:\/\/[^\s<>]+)/
const escapeMarkdown = (text: string) =>
  text.split(URL_PART).map((part, i) => (i % 2 ? part : part.replace(/[\\*_~`|]/g, '\\$&').replace(/^([#>-])/gm, '\\$1'))).join('')

const MARKS: Partial<Record<Span['style'], string>> = { bold: '**', italic: '*', strike: '~~', spoiler: '||' }

/** Discord draws `#` to `###`; deeper headings are shown bold. */
const headingMark = (level: number) => (level <= 3 ? '#'.repeat(level) + ' ' : '**')

export const discordMarkdown: Dialect = {
  escape: (text, code) => (code ? text : escapeMarkdown(text)),
  open(span, content) {
    switch (span.style) {
      case 'heading': return headingMark(span.level!)
      case 'code': return content.includes('`') ? '`` ' : '`'
      case 'code_block': return `\`\`\`${span.lang ?? ''}\n`
      case 'link': return content === span.href ? '' : '['
      default: return MARKS[span.style] ?? ''
    }
  },
  close(span, content) {
    switch (span.style) {
      case 'heading': return span.level! <= 3 ? '' : '**'
      case 'code': return content.includes('`') ? ' ``' : '`'
      case 'code_block': return '\n```'
      case 'link': return content === span.href ? '' : `](<${span.href}>)`
      default: return MARKS[span.style] ?? ''
    }
  },
  quotePrefix: '> ',
}
