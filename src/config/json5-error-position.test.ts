import { expect, test } from 'bun:test'
import { findJson5ErrorPosition } from './json5-error-position.ts'

test('valid JSON5 has no error position, whatever its features', () => {
  const text = `// comment\n{ a: 1, 'b': "x\\"y", c: [0x1F, +Infinity, -.5e3, NaN,], /* c */ d: { e: null, f: true, g: false, }, }\n`
  expect(() => Bun.JSON5.parse(text)).not.toThrow()
  expect(findJson5ErrorPosition(text)).toBeUndefined()
})

test('the first character that cannot continue the text, as line and column', () => {
  expect(findJson5ErrorPosition('{ a: 1,\n  b: ]\n}')).toEqual({ line: 2, column: 6, found: '"]"' })
  expect(findJson5ErrorPosition('{\n  gateway: { port: 1\n')).toEqual({ line: 3, column: 1, found: 'end of file' })
  expect(findJson5ErrorPosition('{ "a": tru }')).toEqual({ line: 1, column: 11, found: '" "' })
  expect(findJson5ErrorPosition('{ a: 1 } x')).toEqual({ line: 1, column: 10, found: '"x"' })
  expect(findJson5ErrorPosition('{ a: "open\n" }')).toEqual({ line: 1, column: 11, found: '"\\n"' })
  for (const text of ['{ a: 1,\n  b: ]\n}', '{ "a": tru }', '{ a: 1 } x']) expect(() => Bun.JSON5.parse(text)).toThrow()
})
