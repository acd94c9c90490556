import { describe, expect, test } from 'bun:test'
import groupPhoto from './fixtures/group-photo-mention.json'
import privateReply from './fixtures/private-reply-to-bot.json'
import { normalizeTelegramMessage, type TgMessage } from './normalize.ts'

const me = { accountId: 'default', botId: 999000, botUsername: 'test_bot' }

describe('normalizeTelegramMessage', () => {
  test('a forum-topic photo with a caption mention', () => {
    expect(normalizeTelegramMessage(groupPhoto as TgMessage, me)).toEqual({
      provider: 'telegram',
      accountId: 'default',
      messageId: '812',
      chat: { id: '-1001234567890', kind: 'group', title: 'Compilers' },
      threadId: '42',
      sender: { id: '51234567', name: 'Grace Hopper', username: 'ghopper', isBot: false, isSelf: false },
      text: '@Test_Bot what is this?',
      mentioned: true,
      attachments: [{ kind: 'image', id: 'AgAD-large', size: 98000 }],
      ts: 1735689600000,
    })
  })

  test('a DM replying to the bot counts as a mention', () => {
    const msg = normalizeTelegramMessage(privateReply as TgMessage, me)!
    expect(msg).toMatchObject({ chat: { id: '4242', kind: 'direct' }, text: 'thanks!', mentioned: true, replyToId: '76' })
    expect(msg.threadId).toBeUndefined()
  })

  test('another bot mentioned is not us; our own message is marked', () => {
    const other = { ...groupPhoto, caption: '@other_bot hi', caption_entities: [{ offset: 0, length: 10, type: 'mention' }] }
    expect(normalizeTelegramMessage(other as TgMessage, me)!.mentioned).toBe(false)
    const own = { ...privateReply, from: { id: 999000, is_bot: true } }
    expect(normalizeTelegramMessage(own as TgMessage, me)!.sender).toMatchObject({ isBot: true, isSelf: true })
  })

  test('malformed input yields undefined, never a throw', () => {
    for (const bad of [null, 'text', {}, { message_id: 1, chat: null }, { message_id: 1, chat: { id: 'x' }, from: { id: 1 } }, { message_id: 1, chat: { id: 1 } }]) {
      expect(normalizeTelegramMessage(bad as unknown as TgMessage, me)).toBeUndefined()
    }
  })
})
