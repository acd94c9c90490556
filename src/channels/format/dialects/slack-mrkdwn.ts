/**
 * Slack's mrkdwn: `*bold*`, `_italic_`, `~strike~`, `` `code` ``, fenced blocks, `> ` quotes and
 * `<url|label>` links. `& < >` are escaped as Slack asks, except Slack's own tokens the model may
 * write on purpose (`<@U123>`, `<#C123>`, `<!here>`), which must reach Slack intact.
 */
import type { Dialect } from '../render.ts'

const SLACK_TOKEN = /(<(?:@[UW][A-Z0-9]+|#C[A-Z0-9]+(?:\|[^<>]*)?|![a-z]+(?:\^[A-Z0-9]+)?(?:\|[^<>]*)?)>)/
const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

const MARKS = { bold: '*', heading: '*', italic: '_', strike: '~', code: '`' } as const

export const slackMrkdwn: Dialect = {
  escape: (text, code) => (code ? escapeMrkdwn(text) : text.split(SLACK_TOKEN).map((part, i) => (i % 2 ? part : escapeMrkdwn(part))).join('')),
  open(span, content) {
    if (span.style === 'link') return content === span.href ? '<' : `<${escapeMrkdwn(span.href!)}|`
    if (span.style === 'code_block') return '```\n'
    return span.style in MARKS ? MARKS[span.style as keyof typeof MARKS] : ''
  },
  close(span) {
    if (span.style === 'link') return '>'
    if (span.style === 'code_block') return '\n```'
    return span.style in MARKS ? MARKS[span.style as keyof typeof MARKS] : ''
  },
  quotePrefix: '> ',
}
