import { describe, expect, test } from 'bun:test'
import guildReply from './fixtures/guild-reply-to-bot.json'
import { normalizeDiscordMessage, type DcMessage } from './normalize.ts'

const me = { accountId: 'default', botUserId: '100000000000000001' }

describe('normalizeDiscordMessage', () => {
  test('a guild reply to the bot with an image', () => {
    expect(normalizeDiscordMessage(guildReply as DcMessage, me)).toEqual({
      provider: 'discord',
      accountId: 'default',
      messageId: '1323000000000000002',
      chat: { id: '1300000000000000010', kind: 'channel', guildId: '1200000000000000001' },
      sender: { id: '1100000000000000007', name: 'Linus', username: 'linus', isBot: false, isSelf: false },
      text: 'and what about this?',
      mentioned: true,
      replyToId: '1323000000000000001',
      attachments: [{ kind: 'image', id: '1323000000000000099', name: 'trace.png', mimeType: 'image/png', size: 2048, url: 'https://cdn.discordapp.com/attachments/1/2/trace.png' }],
      ts: Date.parse('2025-01-01T00:00:00.000Z'),
    })
  })

  test('no guild means a DM; webhooks count as bots', () => {
    const { guild_id: _g, ...dm } = guildReply
    expect(normalizeDiscordMessage(dm as DcMessage, me)!.chat).toEqual({ id: '1300000000000000010', kind: 'direct' })
    expect(normalizeDiscordMessage({ ...guildReply, webhook_id: '1' } as DcMessage, me)!.sender.isBot).toBe(true)
  })

  test('malformed payloads yield undefined', () => {
    for (const bad of [null, {}, { id: '1' }, { id: '1', channel_id: '2' }, { id: 1, channel_id: '2', author: { id: '3' } }]) {
      expect(normalizeDiscordMessage(bad as unknown as DcMessage, me)).toBeUndefined()
    }
  })
})
