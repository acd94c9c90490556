import { describe, expect, test } from 'bun:test'
import type { Provider } from '../types.ts'
import { renderReply, type RenderOptions } from './index.ts'

const one = (provider: Provider, md: string, o: Partial<RenderOptions> = {}) => {
  const chunks = renderReply(provider, md, { limit: 4000, chunkMode: 'length', tables: 'code', ...o })
  expect(chunks).toHaveLength(1)
  return chunks[0]!
}

describe('escaping: what the model wrote arrives literally', () => {
  const md = 'a < b & c > d <script>alert("x")</script> `<b>&amp;</b>`'

  test('telegram HTML escapes & < > in text and in code', () => {
    expect(one('telegram', md)).toEqual({
      text: 'a &lt; b &amp; c &gt; d &lt;script&gt;alert("x")&lt;/script&gt; <code>&lt;b&gt;&amp;amp;&lt;/b&gt;</code>',
      markup: true,
      plain: 'a < b & c > d <script>alert("x")</script> <b>&amp;</b>',
    })
  })

  test('slack escapes & < > but keeps its own mention tokens', () => {
    expect(one('slack', `${md} <@U123> <#C9|general> <!here>`).text)
      .toBe('a &lt; b &amp; c &gt; d &lt;script&gt;alert("x")&lt;/script&gt; `&lt;b&gt;&amp;amp;&lt;/b&gt;` <@U123> <#C9|general> <!here>')
  })

  test('discord backslash-escapes its markdown characters, but not inside URLs or code', () => {
    expect(one('discord', 'a_b *c* https://x.io/a_b `x_y` \\*lit\\*').text).toBe('a\\_b *c* https://x.io/a_b `x_y` \\*lit\\*')
  })

  test('a link target with quotes cannot break out of the href attribute', () => {
    expect(one('telegram', '[x](https://e.io/?a="b"&c=<d>)').text).toBe('<a href="https://e.io/?a=&quot;b&quot;&amp;c=&lt;d&gt;">x</a>')
  })
})

describe('each provider\'s dialect', () => {
  const md = '## Plan\n**bold** *it* ~~s~~ `c` ||sp|| [docs](https://d.io)\n\n> quote\n> more\n\n```js\nlet a = 1\n```'

  test('telegram', () => {
    expect(one('telegram', md).text).toBe(
      '<b>Plan</b>\n\n<b>bold</b> <i>it</i> <s>s</s> <code>c</code> <tg-spoiler>sp</tg-spoiler> <a href="https://d.io">docs</a>\n\n' +
      '<blockquote>quote\nmore</blockquote>\n\n<pre><code class="language-js">let a = 1</code></pre>')
  })

  test('slack mrkdwn', () => {
    expect(one('slack', md).text).toBe('*Plan*\n\n*bold* _it_ ~s~ `c` ||sp|| <https://d.io|docs>\n\n> quote\n> more\n\n```\nlet a = 1\n```')
  })

  test('discord markdown', () => {
    expect(one('discord', md).text).toBe('## Plan\n\n**bold** *it* ~~s~~ `c` ||sp|| [docs](<https://d.io>)\n\n> quote\n> more\n\n```js\nlet a = 1\n```')
  })

  test('whatsapp markers', () => {
    expect(one('whatsapp', md).text).toBe('*Plan*\n\n*bold* _it_ ~s~ `c` ||sp|| docs (https://d.io)\n\n> quote\n> more\n\n```\nlet a = 1\n```')
  })

  test('signal: plain text with style ranges in UTF-16 units', () => {
    expect(one('signal', '😀 **bold** ||sp|| `c`')).toEqual({ text: '😀 bold sp c', textStyles: ['3:4:BOLD', '8:2:SPOILER', '11:1:MONOSPACE'], plain: '😀 bold sp c' })
  })

  test('imessage: plain text', () => {
    expect(one('imessage', md).text).toBe('Plan\n\nbold it s c ||sp|| docs (https://d.io)\n\n> quote\n> more\n\nlet a = 1')
  })
})

describe('chunking', () => {
  test('every chunk fits once rendered, and a style cut by the split is closed and reopened', () => {
    const md = `**${'word '.repeat(300).trim()}**`
    const chunks = renderReply('telegram', md, { limit: 200, chunkMode: 'length', tables: 'code' })
    expect(chunks.length).toBeGreaterThan(5)
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(200)
      expect(c.text).toMatch(/^<b>word( word)*<\/b>$/)
    }
    expect(chunks.map((c) => c.plain).join(' ')).toBe('word '.repeat(300).trim())
  })

  test('escaping counts toward the limit', () => {
    const chunks = renderReply('telegram', '<'.repeat(100), { limit: 50, chunkMode: 'length', tables: 'code' })
    expect(chunks.every((c) => c.text.length <= 50)).toBe(true)
    expect(chunks.map((c) => c.plain).join('')).toBe('<'.repeat(100))
  })

  test('a long unbroken run is cut hard, never inside a surrogate pair', () => {
    const chunks = renderReply('imessage', '😀'.repeat(10), { limit: 5, chunkMode: 'length', tables: 'code' })
    expect(chunks.map((c) => c.text).join('')).toBe('😀'.repeat(10))
    expect(chunks.every((c) => c.text.length <= 5 && !/[\ud800-\udbff]$/.test(c.text))).toBe(true)
  })

  test('a split code block is a code block in each part, indentation kept', () => {
    const code = Array.from({ length: 40 }, (_, i) => `  line ${i}`).join('\n')
    const chunks = renderReply('slack', `\`\`\`\n${code}\n\`\`\``, { limit: 120, chunkMode: 'length', tables: 'code' })
    expect(chunks.length).toBeGreaterThan(1)
    for (const c of chunks) expect(c.text).toMatch(/^```\n {2}line \d+(\n {2}line \d+)*\n```$/)
  })

  test('newline mode: one message per paragraph, but a code block\'s blank lines do not split it', () => {
    const chunks = renderReply('discord', 'one\ntwo\n\nthree\n\n```\na\n\nb\n```', { limit: 2000, chunkMode: 'newline', tables: 'code' })
    expect(chunks.map((c) => c.text)).toEqual(['one\ntwo', 'three', '```\na\n\nb\n```'])
  })

  test('empty text is no message', () => {
    expect(renderReply('telegram', '  \n\n ', { limit: 10, chunkMode: 'length', tables: 'code' })).toEqual([])
  })
})
