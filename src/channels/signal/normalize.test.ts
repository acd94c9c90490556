import { describe, expect, test } from 'bun:test'
import groupMention from './fixtures/group-mention-quote.json'
import syncSent from './fixtures/sync-sent.json'
import typing from './fixtures/typing.json'
import { normalizeSignalEvent, type SignalReceiveEvent } from './normalize.ts'

const me = { accountId: 'default', account: '+15550000000', accountUuid: '00000000-0000-4000-8000-000000000000' }

describe('normalizeSignalEvent', () => {
  test('a group message with mentions, a quote and a photo', () => {
    expect(normalizeSignalEvent(groupMention as SignalReceiveEvent, me)).toEqual({
      provider: 'signal',
      accountId: 'default',
      messageId: '1745372297238',
      chat: { id: 'Pmpi+EfPWmsxiomLe9Nx2XF9HOE483p6iKiFj65iMwI=', kind: 'group', title: 'Compilers' },
      sender: { id: '+15557654321', name: 'Grace Hopper', isBot: false, isSelf: false },
      text: '@+15550000000 what is in @2f1d6a3e-0c44-4a9e-9d60-3f3f9b4c1a11\'s photo?',
      mentioned: true,
      replyToId: '1745372100000',
      attachments: [{ kind: 'image', id: 'Xk3VdGl0bGVk', name: 'IMG_0042.jpg', mimeType: 'image/jpeg', size: 183422 }],
      ts: 1745372297238,
    })
  })

  test('mentioned by number, by uuid or by quoting the bot; not by mentioning someone else', () => {
    const data = groupMention.envelope.dataMessage
    const withMentions = (mentions: unknown[], quote: unknown = undefined) =>
      normalizeSignalEvent({ ...groupMention, envelope: { ...groupMention.envelope, dataMessage: { ...data, mentions, quote } } } as SignalReceiveEvent, me)!.mentioned
    expect(withMentions([data.mentions[1]])).toBe(false)
    expect(withMentions([{ uuid: me.accountUuid, start: 0, length: 1 }])).toBe(true)
    expect(withMentions([], { id: 1, authorNumber: me.account })).toBe(true)
    // Without a known identity nothing can be recognised as the bot.
    expect(normalizeSignalEvent(groupMention as SignalReceiveEvent, { accountId: 'default' })!.mentioned).toBe(false)
  })

  test('sync copies of our sends, typing, receipts and reactions are not conversation', () => {
    expect(normalizeSignalEvent(syncSent as SignalReceiveEvent, me)).toBeUndefined()
    expect(normalizeSignalEvent(typing as SignalReceiveEvent, me)).toBeUndefined()
    const reaction = { envelope: { ...typing.envelope, typingMessage: undefined, dataMessage: { timestamp: 2, reaction: { emoji: '👍' } } } }
    expect(normalizeSignalEvent(reaction as SignalReceiveEvent, me)).toBeUndefined()
  })

  test('our own number is marked as self', () => {
    const own = { envelope: { ...groupMention.envelope, sourceNumber: me.account, source: me.account } }
    expect(normalizeSignalEvent(own as SignalReceiveEvent, me)!.sender.isSelf).toBe(true)
  })

  test('malformed input yields undefined, never a throw', () => {
    const bad = [null, 'x', 5, {}, { envelope: null }, { envelope: { dataMessage: 'x' } }, { envelope: { timestamp: 1, dataMessage: { message: 'no sender' } } },
      { envelope: { sourceNumber: '+1', dataMessage: { message: 'no timestamp' } } },
      { envelope: { sourceNumber: '+1', timestamp: 1, dataMessage: { timestamp: 1, message: 'x', groupInfo: { groupId: 42 } } } }]
    for (const event of bad) expect(normalizeSignalEvent(event as unknown as SignalReceiveEvent, me)).toBeUndefined()
    const oddMentions = { envelope: { sourceNumber: '+1', timestamp: 1, dataMessage: { timestamp: 1, message: 'hi', mentions: [null, { start: -1, length: 2 }, { start: 0, length: 99 }], attachments: [null, 3] } } }
    expect(normalizeSignalEvent(oddMentions as unknown as SignalReceiveEvent, me)).toMatchObject({ text: 'hi', mentioned: false, attachments: [] })
  })
})
