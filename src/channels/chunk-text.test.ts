import { describe, expect, test } from 'bun:test'
import { chunkText } from './chunk-text.ts'

describe('chunkText', () => {
  test('short text is one chunk; empty text is none', () => {
    expect(chunkText('hello', 10)).toEqual(['hello'])
    expect(chunkText('  ', 10)).toEqual([])
  })

  test('every chunk fits and nothing is lost but the break whitespace', () => {
    const text = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ')
    const chunks = chunkText(text, 50)
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(50)
    expect(chunks.join(' ')).toBe(text)
  })

  test('prefers a line break to a word break', () => {
    expect(chunkText('aaaa bbbb\ncccc dddd', 12)).toEqual(['aaaa bbbb', 'cccc dddd'])
  })

  test('a long unbroken run is cut hard, never inside a surrogate pair', () => {
    const chunks = chunkText('😀'.repeat(10), 5)
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(5)
    expect(chunks.join('')).toBe('😀'.repeat(10))
    expect(chunks.every((c) => !/[\ud800-\udbff]$/.test(c))).toBe(true)
  })
})

describe('chunkText in newline mode', () => {
  test('each paragraph is its own message; a paragraph over the limit is still split by length', () => {
    expect(chunkText('one\ntwo\n\nthree\n \nfour', 100, 'newline')).toEqual(['one\ntwo', 'three', 'four'])
    expect(chunkText(`short\n\n${'word '.repeat(30)}`, 50, 'newline').every((c) => c.length <= 50)).toBe(true)
    expect(chunkText('\n\n\n\n', 10, 'newline')).toEqual([])
  })
})
