import { expect, test } from 'bun:test'
import type { MessagesConfig } from '../config/schema.ts'
import { resolveAck } from './ack-reaction.ts'
import { resolveAllAccounts } from './registry.ts'

const account = (provider: 'telegram' | 'slack' | 'discord' | 'whatsapp' | 'signal', extra: Record<string, unknown> = {}) => {
  const blocks = { telegram: { botToken: 'T' }, slack: { botToken: 'x', appToken: 'y' }, discord: { token: 'D' }, whatsapp: {}, signal: { account: '+1' } }
  return resolveAllAccounts({ [provider]: { ...blocks[provider], ...extra } }, {})[0]!
}
const status = (provider: Parameters<typeof account>[0], messages: MessagesConfig, extra?: Record<string, unknown>) =>
  resolveAck(account(provider, extra), { ackReaction: '👀', ...messages }, undefined)?.status

test('status reactions: Discord keeps them on with the acknowledgement unless enabled is false; the others need enabled: true; Slack and Discord show only errors', () => {
  expect(status('discord', {})).toBe('errors')
  expect(status('discord', { statusReactions: { enabled: false } })).toBe('off')
  expect(status('slack', {})).toBe('off')
  expect(status('slack', { statusReactions: { enabled: true } })).toBe('errors')
  for (const provider of ['telegram', 'whatsapp', 'signal'] as const) {
    expect(status(provider, {})).toBe('off')
    expect(status(provider, { statusReactions: { enabled: true } })).toBe('lifecycle')
  }
})

test('no acknowledgement, no status reactions: an empty emoji, scope off, WhatsApp without messages.ackReaction, reactionLevel off', () => {
  expect(resolveAck(account('telegram'), { ackReaction: '', statusReactions: { enabled: true } }, undefined)).toBeUndefined()
  expect(resolveAck(account('discord'), { ackReactionScope: 'off' }, undefined)).toBeUndefined()
  expect(resolveAck(account('whatsapp'), { statusReactions: { enabled: true } }, '🦞')).toBeUndefined()
  expect(status('signal', { statusReactions: { enabled: true } }, { reactionLevel: 'off' })).toBeUndefined()
})
