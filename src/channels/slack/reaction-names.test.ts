import { expect, test } from 'bun:test'
import { slackReactionName } from './reaction-names.ts'

test('Unicode emoji map to Slack reaction names; names pass through without their colons', () => {
  expect(slackReactionName('👀')).toBe('eyes')
  expect(slackReactionName('❤')).toBe('heart')
  expect(slackReactionName('❤️')).toBe('heart')
  expect(slackReactionName(':white_check_mark:')).toBe('white_check_mark')
  expect(slackReactionName('eyes')).toBe('eyes')
})
