import { expect, test } from 'bun:test'
import { mentionPatterns, mentionsByPattern } from '../../src/channels/mention-patterns.ts'

test('configured mention patterns compile as the original does (case-insensitive, identity escapes such as \\@ allowed)', () => {
  const patterns = mentionPatterns({ groupChat: { mentionPatterns: ['\\@bot\\b', '[unclosed'] } }, undefined)
  expect(patterns).toHaveLength(1)
  expect(mentionsByPattern('hi @Bot, ping', patterns)).toBe(true)
  expect(mentionsByPattern('hi bot', patterns)).toBe(false)
})
