import { describe, expect, test } from 'bun:test'
import type { MarkdownIR } from './ir.ts'
import { parseMarkdown } from './parse-markdown.ts'
import type { TableMode } from './tables.ts'

const parse = (md: string, tables: TableMode = 'code', spoilers = true) => parseMarkdown(md, { tables, spoilers })
/** Each span as `style:covered text`, in document order. */
const spans = (ir: MarkdownIR) => ir.spans.map((s) => `${s.style}:${ir.text.slice(s.start, s.end)}`)

describe('inline', () => {
  test('bold, italic, strike, code, spoiler and their nesting', () => {
    const ir = parse('a **b *c* d** ~~e~~ `f` ||g|| ***h*** __i__ _j_')
    expect(ir.text).toBe('a b c d e f g h i j')
    expect(spans(ir)).toEqual(['bold:b c d', 'italic:c', 'strike:e', 'code:f', 'spoiler:g', 'bold:h', 'italic:h', 'bold:i', 'italic:j'])
  })

  test('a marker without its partner stays literal (a half-streamed reply)', () => {
    for (const md of ['**bold and more', 'x `code', '~~gone', '[label](https://x', '*a', 'a ** b **']) {
      const ir = parse(md)
      expect(ir.text).toBe(md)
      expect(ir.spans).toEqual([])
    }
  })

  test('underscores inside words and spaced stars are not emphasis; escapes are literal', () => {
    expect(parse('snake_case_name and 2 * 3 * 4').spans).toEqual([])
    const ir = parse('\\*not italic\\* and \\`tick\\`')
    expect(ir.text).toBe('*not italic* and `tick`')
    expect(ir.spans).toEqual([])
  })

  test('code spans keep their content: no styles inside, one padding space stripped', () => {
    const ir = parse('`` a `b` **c** `` and `  ` end')
    expect(spans(ir)).toEqual(['code:a `b` **c**', 'code:  '])
  })

  test('links: labelled, autolinked and images; only web and mail targets become links', () => {
    const ir = parse('[**docs**](https://d.io/a_b "T") <https://e.io> ![cat](https://c.io/x.png) [x](javascript:alert(1))')
    expect(ir.text).toBe('docs https://e.io cat x (javascript:alert(1))')
    expect(ir.spans.filter((s) => s.style === 'link').map((s) => s.href)).toEqual(['https://d.io/a_b', 'https://e.io', 'https://c.io/x.png'])
    expect(spans(ir)).toContain('bold:docs')
  })

  test('a link inside a link label stays text', () => {
    const ir = parse('[see <https://a.io> or [b](https://b.io)](https://c.io)')
    expect(ir.text).toBe('see <https://a.io> or [b](https://b.io)')
    expect(ir.spans).toEqual([{ start: 0, end: ir.text.length, style: 'link', href: 'https://c.io' }])
  })

  test('spoilers only where the provider has them', () => {
    expect(parse('||x||', 'code', false)).toEqual({ text: '||x||', spans: [] })
  })
})

describe('blocks', () => {
  test('headings, paragraphs and a rule', () => {
    const ir = parse('# Title\nfirst line\nsecond line\n\n---\n\nend')
    expect(ir.text).toBe('Title\n\nfirst line\nsecond line\n\n───\n\nend')
    expect(ir.spans).toEqual([{ start: 0, end: 5, style: 'heading', level: 1 }])
  })

  test('fenced code keeps its text exactly, with its language; an unclosed fence runs to the end', () => {
    const ir = parse('```py\nif a < b:\n    **x**\n```\nafter\n\n~~~\nopen')
    expect(ir.text).toBe('if a < b:\n    **x**\n\nafter\n\nopen')
    expect(ir.spans).toEqual([
      { start: 0, end: 19, style: 'code_block', lang: 'py' },
      { start: 28, end: 32, style: 'code_block' },
    ])
  })

  test('lists: bullets, numbers, nesting and an item continued on the next line', () => {
    const ir = parse('- one\n- two **b**\n  continued\n  - nested\n\n3. three\n4) four')
    expect(ir.text).toBe('• one\n• two b\ncontinued\n  • nested\n3. three\n4. four')
    expect(spans(ir)).toEqual(['bold:b'])
  })

  test('a code block inside a numbered item stays a code block', () => {
    const ir = parse('1. Install:\n   ```sh\n   npm i\n   ```\n2. Run')
    expect(ir.text).toBe('1. Install:\nnpm i\n2. Run')
    expect(spans(ir)).toEqual(['code_block:npm i'])
  })

  test('blockquotes hold blocks, nested quotes included', () => {
    const ir = parse('> said **this**\n> > and that\nlazy line\n\nafter')
    expect(ir.text).toBe('said this\n\nand that\nlazy line\n\nafter')
    expect(spans(ir)).toEqual(['blockquote:said this\n\nand that\nlazy line', 'bold:this', 'blockquote:and that\nlazy line'])
  })
})

describe('tables (markdown.tables)', () => {
  const table = 'Intro\n| Name | Score |\n|:-----|------:|\n| **Ada** | 10 |\n| Bob | `x|y` |\n\nafter'

  test('code: an aligned table in a code block, cell styles dropped', () => {
    const ir = parse(table, 'code')
    expect(ir.text).toBe('Intro\n\n| Name | Score |\n| ---- | ----- |\n| Ada  | 10    |\n| Bob  | x|y   |\n\nafter')
    expect(spans(ir)).toEqual([`code_block:${ir.text.split('\n\n')[1]}`])
  })

  test('bullets: the first cell in bold, then one bullet per other cell', () => {
    const ir = parse(table, 'bullets')
    expect(ir.text).toBe('Intro\n\nAda\n• Score: 10\n\nBob\n• Score: x|y\n\nafter')
    expect(spans(ir)).toEqual(['bold:Ada', 'bold:Ada', 'bold:Bob', 'code:x|y'])
  })

  test('off: the table is left as typed', () => {
    expect(parse(table, 'off').text).toBe('Intro\n| Name | Score |\n|:-----|------:|\n| Ada | 10 |\n| Bob | x|y |\n\nafter')
  })
})
