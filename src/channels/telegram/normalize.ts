/**
 * Telegram Bot API message → InboundMessage. Pure, and defensive: the upstream's JSON is untrusted, so
 * anything without a chat or sender yields undefined instead of throwing. The shapes below are the
 * Bot API fields we read (https://core.telegram.org/bots/api#message), not the SDK's types.
 */
import type { Attachment, InboundMessage } from '../types.ts'

interface TgUser { id: number; is_bot?: boolean; first_name?: string; last_name?: string; username?: string }
interface TgEntity { type: string; offset: number; length: number; user?: TgUser }
interface TgFile { file_id: string; file_size?: number; file_name?: string; mime_type?: string }

export interface TgMessage {
  message_id: number
  date?: number
  edit_date?: number
  chat?: { id: number; type?: string; title?: string; is_forum?: boolean }
  from?: TgUser
  text?: string
  caption?: string
  entities?: TgEntity[]
  caption_entities?: TgEntity[]
  reply_to_message?: { message_id: number; from?: TgUser }
  message_thread_id?: number
  is_topic_message?: boolean
  photo?: TgFile[]
  document?: TgFile
  voice?: TgFile
  audio?: TgFile
  video?: TgFile
  sticker?: TgFile
}

export interface TelegramBotIdentity {
  accountId: string
  botId: number
  botUsername?: string
}

export function normalizeTelegramMessage(m: TgMessage, me: TelegramBotIdentity): InboundMessage | undefined {
  if (!m || typeof m !== 'object' || !m.chat || typeof m.chat.id !== 'number' || !m.from || typeof m.from.id !== 'number') return undefined
  const text = typeof m.text === 'string' ? m.text : typeof m.caption === 'string' ? m.caption : ''
  const entities = (m.text !== undefined ? m.entities : m.caption_entities) ?? []
  const direct = m.chat.type === 'private'
  return {
    provider: 'telegram',
    accountId: me.accountId,
    messageId: String(m.message_id),
    chat: { id: String(m.chat.id), kind: direct ? 'direct' : 'group', ...(m.chat.title && { title: m.chat.title }) },
    ...(m.is_topic_message && m.message_thread_id !== undefined && { threadId: String(m.message_thread_id) }),
    sender: {
      id: String(m.from.id),
      name: [m.from.first_name, m.from.last_name].filter(Boolean).join(' ') || undefined,
      ...(m.from.username && { username: m.from.username }),
      isBot: m.from.is_bot === true,
      isSelf: m.from.id === me.botId,
    },
    text,
    mentioned: isMentioned(text, entities, m, me),
    ...(m.reply_to_message && { replyToId: String(m.reply_to_message.message_id) }),
    attachments: attachmentsOf(m),
    ts: typeof m.date === 'number' ? m.date * 1000 : Date.now(),
    ...(typeof m.edit_date === 'number' && { editedAt: m.edit_date * 1000 }),
  }
}

function isMentioned(text: string, entities: TgEntity[], m: TgMessage, me: TelegramBotIdentity): boolean {
  if (m.reply_to_message?.from?.id === me.botId) return true
  const handle = me.botUsername ? `@${me.botUsername.toLowerCase()}` : undefined
  for (const e of Array.isArray(entities) ? entities : []) {
    if (e.type === 'text_mention' && e.user?.id === me.botId) return true
    const slice = text.slice(e.offset, e.offset + e.length).toLowerCase()
    if (handle && e.type === 'mention' && slice === handle) return true
    if (handle && e.type === 'bot_command' && slice.endsWith(handle)) return true
  }
  return false
}

function attachmentsOf(m: TgMessage): Attachment[] {
  const out: Attachment[] = []
  const add = (kind: Attachment['kind'], f: TgFile | undefined) => {
    if (!f || typeof f.file_id !== 'string') return
    out.push({ kind, id: f.file_id, ...(f.file_name && { name: f.file_name }), ...(f.mime_type && { mimeType: f.mime_type }), ...(f.file_size !== undefined && { size: f.file_size }) })
  }
  // Telegram sends each photo in several sizes, smallest first; the largest is the one to keep.
  if (Array.isArray(m.photo) && m.photo.length > 0) add('image', m.photo[m.photo.length - 1])
  add('document', m.document)
  add('voice', m.voice)
  add('audio', m.audio)
  add('video', m.video)
  add('sticker', m.sticker)
  return out
}
