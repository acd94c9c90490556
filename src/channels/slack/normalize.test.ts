import { describe, expect, test } from 'bun:test'
import threadMention from './fixtures/thread-mention-file.json'
import { normalizeSlackMessage, type SlackMessageEvent } from './normalize.ts'

const me = { accountId: 'work', botUserId: 'UBOT', botId: 'BBOT' }

describe('normalizeSlackMessage', () => {
  test('a thread message with a file and a mention', () => {
    expect(normalizeSlackMessage(threadMention as SlackMessageEvent, me)).toEqual({
      provider: 'slack',
      accountId: 'work',
      messageId: '1735689600.000200',
      chat: { id: 'C0123ABCD', kind: 'channel', teamId: 'T1' },
      threadId: '1735689000.000100',
      sender: { id: 'U024BE7LH', isBot: false, isSelf: false },
      text: '<@UBOT> can you read this?',
      mentioned: true,
      attachments: [{ kind: 'document', id: 'F0S43PZDF', name: 'notes.pdf', mimeType: 'application/pdf', size: 40960, url: 'https://files.slack.com/files-pri/T1-F0S43PZDF/notes.pdf' }],
      ts: 1735689600000,
    })
  })

  test('a DM is direct; our own bot and other bots are marked', () => {
    const dm = { type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', text: 'hi', ts: '1.1' }
    expect(normalizeSlackMessage(dm, me)!.chat.kind).toBe('direct')
    expect(normalizeSlackMessage({ ...dm, user: 'UBOT' }, me)!.sender.isSelf).toBe(true)
    expect(normalizeSlackMessage({ ...dm, user: undefined, bot_id: 'B9', subtype: 'bot_message' }, me)!.sender).toMatchObject({ id: 'B9', isBot: true, isSelf: false })
  })

  test('edits, deletions and malformed events are skipped', () => {
    const base = { type: 'message', channel: 'C1', user: 'U1', ts: '1.1' }
    expect(normalizeSlackMessage({ ...base, subtype: 'message_changed' }, me)).toBeUndefined()
    expect(normalizeSlackMessage({ ...base, subtype: 'message_deleted' }, me)).toBeUndefined()
    for (const bad of [null, {}, { type: 'message' }, { ...base, channel: 5 }, { ...base, ts: undefined }]) {
      expect(normalizeSlackMessage(bad as unknown as SlackMessageEvent, me)).toBeUndefined()
    }
  })
})
