/**
 * Slack `message` event → InboundMessage. Pure and defensive. The shape is the Events API's
 * (https://api.slack.com/events/message), not the SDK's types.
 */
import type { Attachment, InboundMessage } from '../types.ts'

export interface SlackMessageEvent {
  type?: string
  subtype?: string
  channel?: string
  channel_type?: string
  team?: string
  user?: string
  bot_id?: string
  text?: string
  ts?: string
  thread_ts?: string
  parent_user_id?: string
  files?: { id?: string; name?: string; mimetype?: string; size?: number; url_private?: string }[]
}

export interface SlackBotIdentity {
  accountId: string
  botUserId?: string
  botId?: string
  /** The workspace the event came from (the envelope's `team_id`), when the event itself does not say. */
  teamId?: string
}

/** Edits, deletions and membership notices are not things to answer. */
const ANSWERABLE_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast', 'bot_message'])

export function normalizeSlackMessage(e: SlackMessageEvent, me: SlackBotIdentity): InboundMessage | undefined {
  if (!e || typeof e !== 'object' || e.type !== 'message' || !ANSWERABLE_SUBTYPES.has(e.subtype)) return undefined
  const sender = e.user ?? e.bot_id
  if (typeof e.channel !== 'string' || typeof sender !== 'string' || typeof e.ts !== 'string') return undefined
  const text = typeof e.text === 'string' ? e.text : ''
  const isSelf = (!!me.botUserId && e.user === me.botUserId) || (!!me.botId && e.bot_id === me.botId)
  return {
    provider: 'slack',
    accountId: me.accountId,
    messageId: e.ts,
    chat: { id: e.channel, kind: chatKind(e.channel_type), ...((e.team ?? me.teamId) && { teamId: e.team ?? me.teamId }) },
    ...(e.thread_ts && { threadId: e.thread_ts }),
    sender: { id: sender, isBot: !!e.bot_id || e.subtype === 'bot_message', isSelf },
    text,
    mentioned: (!!me.botUserId && text.includes(`<@${me.botUserId}>`)) || (!!me.botUserId && e.parent_user_id === me.botUserId),
    attachments: (Array.isArray(e.files) ? e.files : []).map(toAttachment),
    ts: Math.round(Number(e.ts) * 1000) || Date.now(),
  }
}

/** `im` is a DM, `channel` a public channel; private channels (`group`) and group DMs (`mpim`) are groups. */
function chatKind(channelType: string | undefined): InboundMessage['chat']['kind'] {
  if (channelType === 'im') return 'direct'
  return channelType === 'channel' ? 'channel' : 'group'
}

function toAttachment(f: NonNullable<SlackMessageEvent['files']>[number]): Attachment {
  const mime = f.mimetype ?? ''
  const kind: Attachment['kind'] = mime.startsWith('image/') ? 'image' : mime.startsWith('audio/') ? 'audio' : mime.startsWith('video/') ? 'video' : 'document'
  return { kind, ...(f.id && { id: f.id }), ...(f.name && { name: f.name }), ...(f.mimetype && { mimeType: f.mimetype }), ...(f.size !== undefined && { size: f.size }), ...(f.url_private && { url: f.url_private }) }
}
