import { describe, expect, test } from 'bun:test'
import voice from './fixtures/dm-voice-note.json'
import groupImage from './fixtures/group-image-mention.json'
import { toE164, toJid } from './jid.ts'
import { normalizeWhatsAppMessage, type WaMessage } from './normalize.ts'

const me = { accountId: 'default', selfJids: ['15550001111:7@s.whatsapp.net', '99887766@lid'] }

describe('normalizeWhatsAppMessage', () => {
  test('an ephemeral group image with a caption mention, from a LID participant', () => {
    expect(normalizeWhatsAppMessage(groupImage as WaMessage, me)).toEqual({
      provider: 'whatsapp',
      accountId: 'default',
      messageId: '3EB0C431C26A1D7C8B5E',
      chat: { id: '120363406415684625@g.us', kind: 'group' },
      sender: { id: '+15550003333', name: 'Grace', isBot: false, isSelf: false },
      text: '@15550001111 what is this?',
      mentioned: true,
      replyToId: 'ABCDEF',
      attachments: [{ kind: 'image', id: '3EB0C431C26A1D7C8B5E', mimeType: 'image/jpeg', size: 98000 }],
      ts: 1735689600000,
    })
  })

  test('a voice note in a DM is an attachment without text', () => {
    expect(normalizeWhatsAppMessage(voice as WaMessage, me)).toMatchObject({
      chat: { id: '15550002222@s.whatsapp.net', kind: 'direct' },
      sender: { id: '+15550002222', isSelf: false },
      text: '',
      mentioned: false,
      attachments: [{ kind: 'voice', mimeType: 'audio/ogg; codecs=opus', size: 5321 }],
      ts: 1735689700000,
    })
  })

  test('a reply to one of our messages counts as a mention; our own messages are marked', () => {
    const reply = { key: { remoteJid: '1203@g.us', participant: '15550003333@s.whatsapp.net', id: 'R1' }, message: { extendedTextMessage: { text: 'thanks', contextInfo: { stanzaId: 'OUT1', participant: '99887766@lid' } } } }
    expect(normalizeWhatsAppMessage(reply, me)).toMatchObject({ mentioned: true, replyToId: 'OUT1' })
    const own = { key: { remoteJid: '15550002222@s.whatsapp.net', fromMe: true, id: 'O1' }, message: { conversation: 'sent from the phone' } }
    expect(normalizeWhatsAppMessage(own, me)!.sender).toMatchObject({ id: '+15550001111', isSelf: true })
  })

  test('status, receipts-only and malformed input yield undefined, never a throw', () => {
    const status = { key: { remoteJid: 'status@broadcast', id: 'S', participant: '1@s.whatsapp.net' }, message: { conversation: 'story' } }
    const reaction = { key: { remoteJid: '1@s.whatsapp.net', id: 'X' }, message: { reactionMessage: { text: '👍' } } }
    for (const bad of [null, 'text', {}, { key: null }, { key: { remoteJid: 5, id: 'a' } }, { key: { remoteJid: '1@s.whatsapp.net' } }, status, reaction]) {
      expect(normalizeWhatsAppMessage(bad as unknown as WaMessage, me)).toBeUndefined()
    }
  })
})

describe('addresses', () => {
  test('numbers in any spelling become E.164 and user JIDs; JIDs pass through', () => {
    expect(toE164('+1 (555) 000-2222')).toBe('+15550002222')
    expect(toE164('hello')).toBeUndefined()
    expect(toJid('+1 555 000 2222')).toBe('15550002222@s.whatsapp.net')
    expect(toJid('120363406415684625@g.us')).toBe('120363406415684625@g.us')
    expect(toJid('not a number')).toBeUndefined()
  })
})
