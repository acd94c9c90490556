/**
 * Block Markdown → IR: fenced code, ATX headings, rules, blockquotes, bullet and numbered lists
 * (nested by indentation) and pipe tables, with paragraphs between. Chat text keeps its single line
 * breaks (a model's line break is meant as one). An unclosed fence runs to the end, as CommonMark
 * says, which is also what a half-streamed code block should look like.
 */
import { IRBuilder, type MarkdownIR } from './ir.ts'
import { parseInline, type InlineOptions } from './parse-inline.ts'
import { isTableStart, writeTable, type TableMode } from './tables.ts'

export interface ParseOptions extends InlineOptions {
  tables: TableMode
}

interface BlockContext extends ParseOptions {
  /** List nesting, for the marker's indentation. */
  depth: number
  /** Newlines between two blocks: a blank line at the top, a line break inside a list item. */
  gap: number
}

const FENCE = /^( {0,3})(`{3,}|~{3,})[ \t]*([^\s`]*)/
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/
const QUOTE = /^ {0,3}> ?/
const ITEM = /^( *)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$/
const RULE_TEXT = '───'

export function parseMarkdown(markdown: string, o: ParseOptions): MarkdownIR {
  const b = new IRBuilder()
  parseBlocks(markdown.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n'), b, { ...o, depth: 0, gap: 2 })
  return b.build()
}

const startsBlock = (line: string) => FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || ITEM.test(line)
const indentOf = (line: string) => line.length - line.trimStart().length

function parseBlocks(lines: string[], b: IRBuilder, c: BlockContext): void {
  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    if (!line.trim()) {
      i++
      continue
    }
    b.breakLines(c.gap)
    const fence = FENCE.exec(line)
    const heading = HEADING.exec(line)
    if (fence) i = writeFence(lines, i, fence, b)
    else if (heading) {
      b.wrap('heading', () => parseInline(heading[2] ?? '', b, c), { level: heading[1]!.length })
      i++
    } else if (RULE.test(line)) {
      b.append(RULE_TEXT)
      i++
    } else if (QUOTE.test(line)) i = writeQuote(lines, i, b, c)
    else if (ITEM.test(line)) i = writeList(lines, i, b, c)
    else if (c.tables !== 'off' && isTableStart(lines, i)) i = writeTable(lines, i, c.tables, b, c)
    else i = writeParagraph(lines, i, b, c)
  }
}

function writeFence(lines: string[], at: number, open: RegExpExecArray, b: IRBuilder): number {
  const [, indent, marker, lang] = open
  const close = new RegExp(`^ {0,3}${marker![0] === '`' ? '`' : '~'}{${marker!.length},}[ \\t]*$`)
  const content: string[] = []
  let i = at + 1
  for (; i < lines.length && !close.test(lines[i]!); i++) {
    // Content lines lose at most the opening fence's own indentation.
    content.push(lines[i]!.slice(Math.min(indent!.length, indentOf(lines[i]!))))
  }
  b.wrap('code_block', () => b.append(content.join('\n')), lang ? { lang } : {})
  return i + 1
}

function writeQuote(lines: string[], at: number, b: IRBuilder, c: BlockContext): number {
  const inner: string[] = []
  let i = at
  for (; i < lines.length; i++) {
    const line = lines[i]!
    if (QUOTE.test(line)) inner.push(line.replace(QUOTE, ''))
    // A lazy continuation: a paragraph line right after quoted text still belongs to the quote.
    else if (line.trim() && inner.at(-1)?.trim() && !startsBlock(line)) inner.push(line)
    else break
  }
  b.wrap('blockquote', () => parseBlocks(inner, b, c))
  return i
}

function writeList(lines: string[], at: number, b: IRBuilder, c: BlockContext): number {
  const siblingIndent = indentOf(lines[at]!) + 1
  let i = at
  let first = true
  for (;;) {
    const item = ITEM.exec(lines[i] ?? '')
    if (!item || item[1]!.length > siblingIndent) return i
    const markerIndent = item[1]!.length
    const contentColumn = item[3] === undefined ? markerIndent + item[2]!.length + 1 : lines[i]!.length - item[3].length
    const body = [item[3] ?? '']
    for (i++; i < lines.length; i++) {
      const line = lines[i]!
      if (!line.trim()) {
        // A blank line stays in the item only when what follows is indented under it.
        let next = i
        while (next < lines.length && !lines[next]!.trim()) next++
        if (next === lines.length || indentOf(lines[next]!) <= markerIndent) break
        body.push('')
        continue
      }
      if (indentOf(line) > markerIndent) body.push(line.slice(Math.min(contentColumn, indentOf(line))))
      else if (body.at(-1)?.trim() && !startsBlock(line)) body.push(line.trim())
      else break
    }
    if (!first) b.breakLines(1)
    first = false
    const ordinal = /\d/.test(item[2]!) ? `${parseInt(item[2]!, 10)}. ` : '• '
    b.appendMarker(`${'  '.repeat(c.depth)}${ordinal}`)
    parseBlocks(body, b, { ...c, depth: c.depth + 1, gap: 1 })
    // Blank lines between two items of one list do not end it.
    let next = i
    while (next < lines.length && !lines[next]!.trim()) next++
    const sibling = ITEM.exec(lines[next] ?? '')
    if (!sibling || sibling[1]!.length > siblingIndent) return i
    i = next
  }
}

function writeParagraph(lines: string[], at: number, b: IRBuilder, c: BlockContext): number {
  const text: string[] = []
  let i = at
  for (; i < lines.length; i++) {
    const line = lines[i]!
    if (!line.trim() || (i > at && (startsBlock(line) || (c.tables !== 'off' && isTableStart(lines, i))))) break
    // A trailing backslash is CommonMark's hard break; the line break is kept either way.
    text.push(line.trim().replace(/\\$/, ''))
  }
  parseInline(text.join('\n'), b, c)
  return i
}
