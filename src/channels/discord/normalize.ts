/**
 * Discord gateway `MESSAGE_CREATE` payload → InboundMessage. Pure and defensive. The shape is the
 * Discord API's message object (https://discord.com/developers/docs/resources/message), not the SDK's.
 */
import type { Attachment, InboundMessage } from '../types.ts'

interface DcUser { id: string; username?: string; global_name?: string | null; bot?: boolean }

export interface DcMessage {
  id?: string
  channel_id?: string
  guild_id?: string
  author?: DcUser
  content?: string
  timestamp?: string
  mentions?: DcUser[]
  attachments?: { id?: string; filename?: string; content_type?: string; size?: number; url?: string }[]
  referenced_message?: { id?: string; author?: DcUser } | null
  webhook_id?: string
}

export interface DiscordBotIdentity {
  accountId: string
  botUserId?: string
}

export function normalizeDiscordMessage(m: DcMessage, me: DiscordBotIdentity): InboundMessage | undefined {
  if (!m || typeof m !== 'object' || typeof m.id !== 'string' || typeof m.channel_id !== 'string') return undefined
  if (!m.author || typeof m.author.id !== 'string') return undefined
  const text = typeof m.content === 'string' ? m.content : ''
  const mentions = Array.isArray(m.mentions) ? m.mentions : []
  const direct = typeof m.guild_id !== 'string'
  return {
    provider: 'discord',
    accountId: me.accountId,
    messageId: m.id,
    chat: { id: m.channel_id, kind: direct ? 'direct' : 'channel', ...(!direct && { guildId: m.guild_id }) },
    sender: {
      id: m.author.id,
      name: m.author.global_name ?? m.author.username,
      ...(m.author.username && { username: m.author.username }),
      isBot: m.author.bot === true || typeof m.webhook_id === 'string',
      isSelf: !!me.botUserId && m.author.id === me.botUserId,
    },
    text,
    mentioned: !!me.botUserId && (mentions.some((u) => u?.id === me.botUserId) || m.referenced_message?.author?.id === me.botUserId),
    ...(m.referenced_message?.id && { replyToId: m.referenced_message.id }),
    attachments: (Array.isArray(m.attachments) ? m.attachments : []).map(toAttachment),
    ts: Date.parse(m.timestamp ?? '') || Date.now(),
  }
}

function toAttachment(a: NonNullable<DcMessage['attachments']>[number]): Attachment {
  const mime = a.content_type ?? ''
  const kind: Attachment['kind'] = mime.startsWith('image/') ? 'image' : mime.startsWith('audio/') ? 'audio' : mime.startsWith('video/') ? 'video' : 'document'
  return { kind, ...(a.id && { id: a.id }), ...(a.filename && { name: a.filename }), ...(a.content_type && { mimeType: a.content_type }), ...(a.size !== undefined && { size: a.size }), ...(a.url && { url: a.url }) }
}
