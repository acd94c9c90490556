/**
 * Where a JSON5 text stops being valid. Bun.JSON5.parse says only that it failed ("Unexpected token"),
 * so after a failure this walks the text with the JSON5 grammar (comments, single quotes, bare keys,
 * trailing commas, hex, Infinity/NaN) and reports the line and column of the first character that
 * cannot continue it. Runs only on a file that already failed to parse.
 */

export interface Json5ErrorPosition {
  line: number
  column: number
  /** The offending character, or "end of file". */
  found: string
}

class Stop {
  constructor(readonly at: number) {}
}

export function findJson5ErrorPosition(text: string): Json5ErrorPosition | undefined {
  let i = 0
  const fail = (): never => {
    throw new Stop(i)
  }
  const skipSpace = () => {
    for (;;) {
      if (/[\s\uFEFF]/.test(text[i] ?? '')) i++
      else if (text.startsWith('//', i)) while (i < text.length && !/[\n\r\u2028\u2029]/.test(text[i]!)) i++
      else if (text.startsWith('/*', i)) {
        const end = text.indexOf('*/', i + 2)
        if (end < 0) fail()
        i = end + 2
      } else return
    }
  }
  const expect = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail()
      i++
    }
  }
  const string = () => {
    const quote = text[i++]
    while (text[i] !== quote) {
      if (i >= text.length || /[\n\r]/.test(text[i]!)) fail()
      i += text[i] === '\\' ? 2 : 1
    }
    i++
  }
  const digits = (pattern: RegExp) => {
    const start = i
    while (i < text.length && pattern.test(text[i]!)) i++
    return i > start
  }
  const number = () => {
    if (text[i] === '+' || text[i] === '-') i++
    if (text.startsWith('Infinity', i)) return expect('Infinity')
    if (text.startsWith('NaN', i)) return expect('NaN')
    if (/^0[xX]/.test(text.slice(i, i + 2))) {
      i += 2
      if (!digits(/[0-9a-fA-F]/)) fail()
      return
    }
    const whole = digits(/\d/)
    const fraction = text[i] === '.' ? (i++, digits(/\d/)) : false
    if (!whole && !fraction) fail()
    if (text[i] === 'e' || text[i] === 'E') {
      i++
      if (text[i] === '+' || text[i] === '-') i++
      if (!digits(/\d/)) fail()
    }
  }
  const key = () => {
    if (text[i] === '"' || text[i] === "'") return string()
    if (!/[\p{ID_Start}$_]/u.test(text[i] ?? '')) fail()
    i++
    while (i < text.length && /[\p{ID_Continue}$\u200C\u200D]/u.test(text[i]!)) i++
  }
  const list = (close: string, item: () => void) => {
    i++
    skipSpace()
    while (text[i] !== close) {
      item()
      skipSpace()
      if (text[i] === ',') {
        i++
        skipSpace()
      } else if (text[i] !== close) fail()
    }
    i++
  }
  const value = (): void => {
    skipSpace()
    const ch = text[i]
    if (ch === '{') {
      return list('}', () => {
        key()
        skipSpace()
        expect(':')
        value()
      })
    }
    if (ch === '[') return list(']', value)
    if (ch === '"' || ch === "'") return string()
    if (ch === 't') return expect('true')
    if (ch === 'f') return expect('false')
    if (ch === 'n') return expect('null')
    if (ch !== undefined && /[-+.\dIN]/.test(ch)) return number()
    fail()
  }
  try {
    value()
    skipSpace()
    if (i < text.length) fail()
    return undefined
  } catch (err) {
    if (!(err instanceof Stop)) throw err
    return positionOf(text, err.at)
  }
}

function positionOf(text: string, at: number): Json5ErrorPosition {
  const before = text.slice(0, at)
  const line = before.split(/\r\n|[\n\r\u2028\u2029]/).length
  const column = at - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) // 1-based
  return { line, column, found: at < text.length ? JSON.stringify(text[at]) : 'end of file' }
}
