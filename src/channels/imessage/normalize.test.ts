import { describe, expect, test } from 'bun:test'
import dmReply from './fixtures/dm-reply.json'
import groupAttachment from './fixtures/group-attachment.json'
import tapback from './fixtures/tapback.json'
import { normalizeIMessage, type ImsgMessage } from './normalize.ts'

const ctx = { accountId: 'default', isOwnMessage: (guid: string) => guid === 'OUT-GUID-1', groupChatIds: [] as string[] }

describe('normalizeIMessage', () => {
  test('a group message with a photo (a missing attachment is left out)', () => {
    expect(normalizeIMessage(groupAttachment as ImsgMessage, ctx)).toEqual({
      provider: 'imessage',
      accountId: 'default',
      messageId: '5C2B1F0E-8A7D-4C3B-9E21-0A1B2C3D4E5F',
      chat: { id: '9', kind: 'group', title: 'Compilers' },
      sender: { id: 'grace@example.com', isBot: false, isSelf: false },
      text: 'what do you make of this?',
      mentioned: false,
      attachments: [{ kind: 'image', name: 'IMG_0042.HEIC', mimeType: 'image/heic', size: 1843220, path: '/Users/grace/Library/Messages/Attachments/ab/11/4B3E/IMG_0042.HEIC' }],
      ts: Date.parse('2026-01-22T09:30:12.000Z'),
    })
  })

  test('a reply to one of our messages addresses us; a configured chat is a group even when imsg says otherwise', () => {
    expect(normalizeIMessage(dmReply as ImsgMessage, ctx)).toMatchObject({ chat: { id: '3', kind: 'direct' }, mentioned: true, replyToId: 'OUT-GUID-1' })
    expect(normalizeIMessage(dmReply as ImsgMessage, { ...ctx, isOwnMessage: () => false })!.mentioned).toBe(false)
    expect(normalizeIMessage(dmReply as ImsgMessage, { ...ctx, groupChatIds: ['3'] })!.chat.kind).toBe('group')
  })

  test('tapbacks are skipped; our own messages are marked as self', () => {
    expect(normalizeIMessage(tapback as ImsgMessage, ctx)).toBeUndefined()
    expect(normalizeIMessage({ ...dmReply, is_from_me: true, sender: '' } as ImsgMessage, ctx)!.sender).toEqual({ id: 'me', isBot: false, isSelf: true })
  })

  test('malformed input yields undefined, never a throw', () => {
    const bad = [null, 'x', {}, { chat_id: '3', sender: 'a', text: 'x' }, { chat_id: 3.5, sender: 'a', text: 'x' }, { chat_id: 3, text: 'x' }, { chat_id: 3, sender: 'a', text: '  ' },
      { chat_id: 3, sender: 'a', text: null, attachments: 'nope' }]
    for (const m of bad) expect(normalizeIMessage(m as unknown as ImsgMessage, ctx)).toBeUndefined()
    expect(normalizeIMessage({ chat_id: 3, sender: 'a', text: 'x', created_at: 'yesterday', attachments: [null, 1, { mime_type: 'audio/amr' }] } as unknown as ImsgMessage, ctx))
      .toMatchObject({ messageId: expect.any(String), attachments: [{ kind: 'audio', mimeType: 'audio/amr' }], ts: expect.any(Number) })
  })
})
