/**
 * Markdown pipe tables, which no chat app draws, turned into something each can show
 * (`markdown.tables`, docs/concepts/markdown-formatting):
 * - `code`: an aligned text table inside a code block;
 * - `bullets`: each row's first cell in bold, then one `• Header: value` line per other cell;
 * - `off`: not parsed at all; the pipes reach the chat as typed.
 * `block` (native tables) resolves to `code` before it gets here: none of our providers has them.
 */
import { IRBuilder } from './ir.ts'
import { parseInline, type InlineOptions } from './parse-inline.ts'

export type TableMode = 'off' | 'bullets' | 'code'

const DELIMITER_ROW = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/

/** A table starts at `lines[at]` when the next line is a delimiter row with as many cells. */
export function isTableStart(lines: string[], at: number): boolean {
  const head = lines[at]!
  const delimiter = lines[at + 1]
  if (!head.includes('|') || delimiter === undefined || !delimiter.includes('-') || !DELIMITER_ROW.test(delimiter)) return false
  return splitRow(head).length === splitRow(delimiter).length
}

/** Writes the table starting at `lines[at]`; returns the index of the first line after it. */
export function writeTable(lines: string[], at: number, mode: Exclude<TableMode, 'off'>, b: IRBuilder, o: InlineOptions): number {
  const headers = splitRow(lines[at]!)
  const rows: string[][] = []
  let i = at + 2
  for (; i < lines.length && lines[i]!.includes('|') && lines[i]!.trim(); i++) rows.push(splitRow(lines[i]!))
  if (mode === 'code') b.wrap('code_block', () => b.append(alignedTable(headers, rows, o)))
  else writeBullets(headers, rows, b, o)
  return i
}

function writeBullets(headers: string[], rows: string[][], b: IRBuilder, o: InlineOptions): void {
  const labelled = headers.length > 1
  for (const [r, row] of rows.entries()) {
    if (r > 0) b.breakLines(2)
    const lines: (() => void)[] = []
    if (labelled && row[0]) lines.push(() => b.wrap('bold', () => parseInline(row[0]!, b, o)))
    for (let c = labelled ? 1 : 0; c < row.length; c++) {
      if (!row[c]) continue
      const header = headers[c]
      lines.push(() => {
        b.append('• ')
        if (header) (parseInline(header, b, o), b.append(': '))
        else if (labelled) b.append(`Column ${c}: `)
        parseInline(row[c]!, b, o)
      })
    }
    for (const [n, write] of lines.entries()) {
      if (n > 0) b.append('\n')
      write()
    }
  }
}

function alignedTable(headers: string[], rows: string[][], o: InlineOptions): string {
  const cells = [headers, ...rows].map((row) => row.map((cell) => plainCell(cell, o)))
  const widths = headers.map((_, c) => Math.max(3, ...cells.map((row) => row[c]?.length ?? 0)))
  const line = (row: string[]) => `|${widths.map((w, c) => ` ${(row[c] ?? '').padEnd(w)} |`).join('')}`
  return [line(cells[0]!), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n')
}

/** A cell as its reader sees it: the Markdown markers of its inline styles dropped. */
function plainCell(cell: string, o: InlineOptions): string {
  const b = new IRBuilder()
  parseInline(cell, b, o)
  return b.text
}

/** Cells of one row: split at pipes that are neither escaped nor inside a code span. */
function splitRow(line: string): string[] {
  const cells: string[] = []
  let cell = ''
  let inCode = false
  const body = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '')
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!
    if (c === '\\' && body[i + 1] === '|') {
      cell += '|'
      i++
    } else if (c === '`') {
      inCode = !inCode
      cell += c
    } else if (c === '|' && !inCode) {
      cells.push(cell.trim())
      cell = ''
    } else {
      cell += c
    }
  }
  cells.push(cell.trim())
  return cells
}
