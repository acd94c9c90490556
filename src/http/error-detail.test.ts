import { expect, test } from 'bun:test'
import { errorDetail } from './error-detail.ts'

test('errorDetail reads the error shapes OpenAI-compatible APIs answer with, else the raw text, cut short', () => {
  expect(errorDetail('{"error":{"message":"invalid x-api-key","type":"auth"}}')).toBe('invalid x-api-key')
  expect(errorDetail('{"error":"quota exceeded"}')).toBe('quota exceeded')
  expect(errorDetail('{"message":"model not found"}')).toBe('model not found')
  expect(errorDetail('{"detail":"nothing we know"}')).toBe('{"detail":"nothing we know"}')
  expect(errorDetail('null')).toBe('null')
  expect(errorDetail('<html>Bad Gateway</html>')).toBe('<html>Bad Gateway</html>')
  expect(errorDetail('')).toBe('')
  expect(errorDetail('x'.repeat(5000))).toHaveLength(300)
  expect(errorDetail(JSON.stringify({ error: { message: 'y'.repeat(5000) } }))).toHaveLength(300)
})
