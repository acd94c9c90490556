/**
 * Inline Markdown as models write it: `**bold**`, `*italic*`/`_italic_`, `~~strike~~`, `` `code` ``,
 * `[label](url)`, `<https://autolink>`, backslash escapes and, where the provider has them,
 * `||spoilers||`. A marker without its closing partner stays literal text, so a half-streamed
 * `**bold` renders as the characters typed, never as an unclosed entity.
 */
import type { IRBuilder, SpanStyle } from './ir.ts'

export interface InlineOptions {
  /** `||text||` is a spoiler (Telegram, Signal, Discord); elsewhere it is literal. */
  spoilers: boolean
  /** Inside a link's label, where a link cannot nest (Telegram refuses `<a>` in `<a>`). */
  inLink?: boolean
}

const ESCAPABLE = /[!-/:-@[-`{-~]/
const SPACE = /\s/
const WORD = /[\p{L}\p{N}]/u
/** Link targets a chat client opens; anything else (javascript:, relative paths) stays text. */
const SAFE_HREF = /^(https?:|mailto:|tg:)/i
/** Characters that may start markup; everything else is literal. */
const SPECIAL = /[\\`<[!*_~|]/g
const AUTOLINK = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i

/** Delimiters tried in this order at a marker character; the longest run wins. */
const DELIMITERS: { mark: string; styles: SpanStyle[] }[] = [
  { mark: '***', styles: ['bold', 'italic'] },
  { mark: '**', styles: ['bold'] },
  { mark: '__', styles: ['bold'] },
  { mark: '~~', styles: ['strike'] },
  { mark: '||', styles: ['spoiler'] },
  { mark: '*', styles: ['italic'] },
  { mark: '_', styles: ['italic'] },
]

export function parseInline(src: string, b: IRBuilder, o: InlineOptions): void {
  let literal = ''
  const flush = () => {
    b.append(literal)
    literal = ''
  }
  let i = 0
  while (i < src.length) {
    // Runs of ordinary characters are copied in one step.
    SPECIAL.lastIndex = i
    const special = SPECIAL.exec(src)?.index ?? src.length
    if (special > i) {
      literal += src.slice(i, special)
      i = special
      continue
    }
    const c = src[i]!
    if (c === '\\' && ESCAPABLE.test(src[i + 1] ?? '')) {
      literal += src[i + 1]
      i += 2
      continue
    }
    if (c === '`') {
      const code = codeSpanAt(src, i)
      if (code) {
        flush()
        b.wrap('code', () => b.append(code.content))
        i = code.end
      } else {
        const run = runLength(src, i)
        literal += src.slice(i, i + run)
        i += run
      }
      continue
    }
    if (c === '<' && !o.inLink) {
      const auto = AUTOLINK.exec(src.slice(i))
      if (auto) {
        flush()
        b.wrap('link', () => b.append(auto[1]!), { href: auto[1]! })
        i += auto[0].length
        continue
      }
    }
    if ((c === '[' || (c === '!' && src[i + 1] === '[')) && !o.inLink) {
      const link = linkAt(src, c === '!' ? i + 1 : i)
      if (link) {
        flush()
        writeLink(link.label, link.href, b, o)
        i = link.end
        continue
      }
    }
    const delimiter = DELIMITERS.find((d) => src.startsWith(d.mark, i) && (d.mark !== '||' || o.spoilers))
    if (delimiter) {
      const close = closingAt(src, i, delimiter.mark)
      if (close !== undefined) {
        flush()
        const inner = src.slice(i + delimiter.mark.length, close)
        wrapAll(b, delimiter.styles, () => parseInline(inner, b, o))
        i = close + delimiter.mark.length
        continue
      }
      // An unmatched run stays literal as a whole, so `**x*` does not open an italic at its second star.
      const run = runLength(src, i)
      literal += src.slice(i, i + run)
      i += run
      continue
    }
    literal += c
    i++
  }
  flush()
}

function wrapAll(b: IRBuilder, styles: SpanStyle[], fill: () => void): void {
  const [outer, ...rest] = styles
  if (!outer) return fill()
  b.wrap(outer, () => wrapAll(b, rest, fill))
}

function writeLink(label: string, href: string, b: IRBuilder, o: InlineOptions): void {
  if (!SAFE_HREF.test(href)) {
    // Not a link a client would open: keep both parts readable.
    parseInline(label, b, o)
    b.append(label ? ` (${href})` : href)
    return
  }
  b.wrap('link', () => (label ? parseInline(label, b, { ...o, inLink: true }) : b.append(href)), { href })
}

function runLength(src: string, at: number): number {
  let end = at
  while (src[end] === src[at]) end++
  return end - at
}

/** A code span opened by the backtick run at `at`, closed by a run of the same length. */
function codeSpanAt(src: string, at: number): { content: string; end: number } | undefined {
  const run = runLength(src, at)
  const fence = '`'.repeat(run)
  let from = at + run
  for (;;) {
    const close = src.indexOf(fence, from)
    if (close < 0) return undefined
    if (runLength(src, close) !== run) {
      from = close + runLength(src, close)
      continue
    }
    let content = src.slice(at + run, close).replace(/\n/g, ' ')
    // CommonMark: one space is stripped from each side when both are there and the span is not all spaces.
    if (content.length > 2 && content.startsWith(' ') && content.endsWith(' ') && content.trim()) content = content.slice(1, -1)
    return { content, end: close + run }
  }
}

/** `[label](url "title")` starting at the `[` at `at`. */
function linkAt(src: string, at: number): { label: string; href: string; end: number } | undefined {
  const labelEnd = matchingClose(src, at, '[', ']')
  if (labelEnd === undefined || src[labelEnd + 1] !== '(') return undefined
  const targetEnd = matchingClose(src, labelEnd + 1, '(', ')')
  if (targetEnd === undefined) return undefined
  const target = src.slice(labelEnd + 2, targetEnd).trim()
  const href = (target.match(/^<([^<>]*)>/)?.[1] ?? target.split(/\s+/)[0] ?? '').trim()
  if (!href) return undefined
  return { label: src.slice(at + 1, labelEnd), href, end: targetEnd + 1 }
}

function matchingClose(src: string, at: number, open: string, close: string): number | undefined {
  let depth = 0
  for (let i = at; i < src.length; i++) {
    const c = src[i]
    if (c === '\\') i++
    else if (c === '`') {
      const code = codeSpanAt(src, i)
      if (code) i = code.end - 1
    } else if (c === open) depth++
    else if (c === close && --depth === 0) return i
  }
  return undefined
}

/**
 * Where the delimiter opened at `at` closes, or undefined when it does not open anything: an opener
 * is followed by a non-space, a closer preceded by one, and `_` never opens or closes inside a word
 * (so `snake_case_name` stays as written).
 */
function closingAt(src: string, at: number, mark: string): number | undefined {
  const start = at + mark.length
  const single = mark.length === 1
  if (!src[start] || SPACE.test(src[start]!) || (single && src[start] === mark)) return undefined
  if (mark[0] === '_' && WORD.test(src[at - 1] ?? '')) return undefined
  for (let i = start; i < src.length; i++) {
    const c = src[i]!
    if (c === '\\') {
      i++
      continue
    }
    if (c === '`') {
      const code = codeSpanAt(src, i)
      if (code) i = code.end - 1
      continue
    }
    if (!src.startsWith(mark, i) || i === start || SPACE.test(src[i - 1]!)) continue
    if (single) {
      // A double marker inside a single-marker span belongs to a nested span: step over it.
      if (src[i + 1] === mark) {
        const inner = closingAt(src, i, mark + mark)
        i = inner === undefined ? i + 1 : inner + 1
        continue
      }
      if (src[i - 1] === mark) continue
    }
    if (mark[0] === '_' && WORD.test(src[i + mark.length] ?? '')) continue
    return i
  }
  return undefined
}
