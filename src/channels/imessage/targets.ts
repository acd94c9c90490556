/**
 * iMessage delivery targets, in the original's grammar: `chat_id:<n>` (preferred; a bare number is the
 * same, and is what inbound chats are called), `chat_guid:…`, `chat_identifier:…`, or a handle:
 * `+15551234567`, `tel:+1…`, `user@example.com`, or a service-qualified `imessage:|sms:|auto:<handle>`.
 */
import { GatewayError } from '../../protocol/index.ts'

interface IMessageTarget {
  params: { chat_id: number } | { chat_guid: string } | { chat_identifier: string } | { to: string; service?: 'imessage' | 'sms' | 'auto' }
  chatId: string
}

export function parseIMessageTarget(raw: string): IMessageTarget {
  const t = raw.trim()
  const chat = t.match(/^(?:chat_id:)?(\d+)$/i)
  if (chat) return { params: { chat_id: Number(chat[1]) }, chatId: chat[1]! }
  const m = t.match(/^(chat_guid|chat_identifier|imessage|sms|auto|tel):(.+)$/i)
  if (m) {
    const kind = m[1]!.toLowerCase()
    const value = m[2]!.trim()
    if (kind === 'chat_guid') return { params: { chat_guid: value }, chatId: t }
    if (kind === 'chat_identifier') return { params: { chat_identifier: value }, chatId: t }
    if (kind === 'tel') return { params: { to: value }, chatId: value }
    return { params: { to: value, service: kind as 'imessage' | 'sms' | 'auto' }, chatId: value }
  }
  if (/^\+\d{5,}$/.test(t) || /^[^\s@]+@[^\s@]+$/.test(t)) return { params: { to: t }, chatId: t }
  throw new GatewayError('INVALID_REQUEST', `not an iMessage target: ${raw} (use chat_id:<n>, +<number>, an email, or imessage:|sms:|auto:<handle>)`, {
    code: 'INVALID_TARGET', channel: 'imessage',
  })
}
