/**
 * imsg `message` notification payload → InboundMessage. Pure and defensive: the child's JSON is
 * untrusted, so anything without a chat or a sender yields undefined. Tapbacks (reactions) are not
 * conversation and are skipped. The shapes are imsg's JSON fields (docs/rpc.md in steipete/imsg).
 */
import type { Attachment, InboundMessage } from '../types.ts'

interface ImsgAttachment {
  filename?: string | null
  transfer_name?: string | null
  mime_type?: string | null
  total_bytes?: number | null
  is_sticker?: boolean
  original_path?: string | null
  missing?: boolean
}

export interface ImsgMessage {
  id?: number
  chat_id?: number
  guid?: string
  reply_to_guid?: string
  thread_originator_guid?: string
  sender?: string
  is_from_me?: boolean
  text?: string | null
  created_at?: string
  attachments?: ImsgAttachment[]
  chat_name?: string | null
  is_group?: boolean
  is_reaction?: boolean
}

interface IMessageContext {
  accountId: string
  /** Whether a guid is one of our own sends (a reply to it addresses us). */
  isOwnMessage(guid: string): boolean
  groupChatIds: string[]
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined)

export function normalizeIMessage(m: ImsgMessage, ctx: IMessageContext): InboundMessage | undefined {
  if (!m || typeof m !== 'object' || !Number.isSafeInteger(m.chat_id) || m.is_reaction === true) return undefined
  const self = m.is_from_me === true
  const sender = str(m.sender) ?? (self ? 'me' : undefined)
  if (!sender) return undefined
  const text = typeof m.text === 'string' ? m.text : ''
  const attachments = attachmentsOf(m.attachments)
  if (!text.trim() && attachments.length === 0) return undefined
  const chatId = String(m.chat_id)
  const group = m.is_group === true || ctx.groupChatIds.includes(chatId)
  const replyTo = str(m.reply_to_guid) ?? str(m.thread_originator_guid)
  const ts = typeof m.created_at === 'string' ? Date.parse(m.created_at) : NaN
  return {
    provider: 'imessage',
    accountId: ctx.accountId,
    messageId: str(m.guid) ?? String(m.id ?? `${chatId}:${ts}`),
    chat: { id: chatId, kind: group ? 'group' : 'direct', ...(str(m.chat_name) && { title: m.chat_name! }) },
    sender: { id: sender, isBot: false, isSelf: self },
    text,
    // iMessage has no mention metadata; answering one of our messages is the explicit address.
    mentioned: !!replyTo && ctx.isOwnMessage(replyTo),
    ...(replyTo && { replyToId: replyTo }),
    attachments,
    ts: Number.isFinite(ts) ? ts : Date.now(),
  }
}

function kindOf(a: ImsgAttachment, mime: string | undefined): Attachment['kind'] {
  if (a.is_sticker) return 'sticker'
  if (!mime) return 'other'
  if (mime.startsWith('image/')) return 'image'
  if (mime.startsWith('audio/')) return 'audio'
  if (mime.startsWith('video/')) return 'video'
  return 'document'
}

function attachmentsOf(list: unknown): Attachment[] {
  const out: Attachment[] = []
  for (const a of Array.isArray(list) ? (list as ImsgAttachment[]) : []) {
    if (!a || typeof a !== 'object' || a.missing === true) continue
    const mimeType = str(a.mime_type)
    const name = str(a.transfer_name) ?? str(a.filename)?.split('/').pop()
    const path = str(a.original_path) ?? str(a.filename)
    out.push({
      kind: kindOf(a, mimeType), ...(name && { name }), ...(mimeType && { mimeType }), ...(typeof a.total_bytes === 'number' && { size: a.total_bytes }),
      ...(path && { path }),
    })
  }
  return out
}
