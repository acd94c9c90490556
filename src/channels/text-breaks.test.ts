import { expect, test } from 'bun:test'
import { breakIn, forcedBreak } from './text-breaks.ts'

test('breakIn: the last break of the preferred kind within the bounds, else a weaker one; the next block starts after it', () => {
  const text = 'One. Two.\nThree four.\n\nFive six'
  expect(breakIn(text, 'paragraph', 1, 30)).toBe(text.indexOf('Five'))
  expect(breakIn(text, 'newline', 1, 30)).toBe(text.indexOf('Five'))
  expect(breakIn(text, 'paragraph', 1, 20)).toBe(text.indexOf('Three'))
  expect(breakIn(text, 'sentence', 1, 20)).toBe(text.indexOf('Three'))
  expect(breakIn(text, 'sentence', 1, 8)).toBe(text.indexOf('Two'))
  expect(breakIn(text, 'paragraph', 12, 20)).toBe(-1)
  expect(breakIn('One. Two', 'sentence', 5, 10)).toBe(-1)
  expect(breakIn('a\n \nb', 'paragraph', 1, 10)).toBe(4)
})

test('forcedBreak: a break, else a word, else the limit', () => {
  expect(forcedBreak('aaaa bbbb cccc', 'paragraph', 1, 10)).toBe(10)
  expect(forcedBreak('aaaa bbbbbbbbbb', 'paragraph', 1, 10)).toBe(5)
  expect(forcedBreak('aaaaaaaaaaaaaa', 'paragraph', 1, 10)).toBe(10)
  expect(forcedBreak('aa.\n\nbb cc dd', 'paragraph', 1, 10)).toBe(5)
})
