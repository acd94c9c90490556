import { expect, test } from 'bun:test'
import { credentialValues, redactSecrets, setSecrets } from './redact.ts'

test('registered secret values are masked wherever they appear', () => {
  setSecrets(['gw-token-4711abc', 'short'])
  expect(redactSecrets('connect from 10.0.0.2 with gw-token-4711abc rejected')).toBe('connect from 10.0.0.2 with *** rejected')
  // Too short to mask safely: ordinary words would vanish.
  expect(redactSecrets('a short line')).toBe('a short line')
})

test('each config replaces the list: a value it no longer holds is no longer masked, the new one is', () => {
  setSecrets(['old-value-1234'])
  expect(redactSecrets('x old-value-1234 y')).toBe('x *** y')
  setSecrets(['new-value-5678'])
  expect(redactSecrets('x old-value-1234 y new-value-5678')).toBe('x old-value-1234 y ***')
  setSecrets([])
  expect(redactSecrets('x new-value-5678')).toBe('x new-value-5678')
})

test('secret-shaped text is masked even when nobody registered it', () => {
  expect(redactSecrets('Authorization: Bearer abcdefghijklmnop')).not.toContain('abcdefghijklmnop')
  expect(redactSecrets('{"apiKey":"k-123456789"}')).toBe('{"apiKey":"***"}')
  expect(redactSecrets('url?token=abcdef123456&x=1')).toBe('url?token=***&x=1')
  expect(redactSecrets('password=hunter2')).toBe('password=***')
  expect(redactSecrets("{ botToken: '123456789abc', password: 'hunter2' }")).toBe("{ botToken: '***', password: '***' }")
  expect(redactSecrets('key sk-proj-abcdefghijklmnopqrstu used')).toBe('key *** used')
  expect(redactSecrets('bot 123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ys')).toBe('bot ***')
  expect(redactSecrets('slack xoxb-1234-5678-abcdefghij')).toBe('slack ***')
})

test('counts, ordinary words and validation messages stay readable', () => {
  const line = 'run done: totalTokens: 1234, maxTokens=4096, 3 tokens left'
  expect(redactSecrets(line)).toBe(line)
  const problem = 'channels.telegram.botToken: Expected string; gateway.auth.password: must NOT have fewer than 1 characters'
  expect(redactSecrets(problem)).toBe(problem)
})

test('credential values are found under credential-named keys at any depth', () => {
  const channels = { telegram: { botToken: 'T1', accounts: [{ signingSecret: 'S1', name: 'n' }] }, slack: { appToken: 'A1', mode: 'socket' } }
  expect(credentialValues(channels).sort()).toEqual(['A1', 'S1', 'T1'])
})
