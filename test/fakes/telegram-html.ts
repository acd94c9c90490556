/**
 * The Bot API's check of `parse_mode: "HTML"` text, as strict as Telegram's: only supported tags,
 * properly nested and closed, and every `<` or `&` that is not markup written as an entity. A
 * failure is Telegram's 400 "Bad Request: can't parse entities: …". An older Bot API knew fewer tags
 * (no `tg-spoiler` before 6.0, no `blockquote` before 7.0); `supported` models that.
 */

/** The tags of the current Bot API (with their synonyms). */
export const CURRENT_TAGS = ['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'code', 'pre', 'a', 'tg-spoiler', 'span', 'blockquote', 'tg-emoji']

const TAG = /^<(\/?)([a-zA-Z][\w-]*)((?:\s+[a-zA-Z-]+\s*=\s*"[^"]*")*)\s*>/
const ENTITY = /^&(?:lt|gt|amp|quot|#\d+|#x[\da-fA-F]+);/

/** The error description Telegram would answer with, or undefined when the HTML is accepted. */
export function checkTelegramHtml(html: string, supported: readonly string[] = CURRENT_TAGS): string | undefined {
  const open: string[] = []
  const fail = (what: string) => `Bad Request: can't parse entities: ${what}`
  const offset = (i: number) => Buffer.byteLength(html.slice(0, i))
  for (let i = 0; i < html.length; i++) {
    const c = html[i]
    if (c === '&') {
      if (!ENTITY.test(html.slice(i))) return fail(`Character entity expected at byte offset ${offset(i)}`)
      continue
    }
    if (c !== '<') continue
    const tag = TAG.exec(html.slice(i))
    if (!tag) return fail(`Unsupported start tag at byte offset ${offset(i)}`)
    const [whole, closing, name] = tag
    if (!supported.includes(name!.toLowerCase())) return fail(`Unsupported start tag "${name}" at byte offset ${offset(i)}`)
    if (closing) {
      if (open.pop() !== name) return fail(`Unexpected end tag at byte offset ${offset(i)}`)
    } else {
      // Nothing nests inside code: `<pre><code>` is the one combination Telegram reads as a block's language.
      const inside = open.at(-1)
      if ((inside === 'code' || (inside === 'pre' && name !== 'code'))) return fail(`Entities can't be nested in code at byte offset ${offset(i)}`)
      open.push(name!)
    }
    i += whole.length - 1
  }
  const unclosed = open.at(-1)
  return unclosed ? fail(`Can't find end tag corresponding to start tag "${unclosed}"`) : undefined
}
