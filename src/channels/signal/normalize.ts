/**
 * signal-cli receive event (`{envelope, account}`, as its JSON-RPC daemon streams them) →
 * InboundMessage. Pure and defensive: the daemon's JSON is untrusted, so anything without a data
 * message or a sender yields undefined. Receipts, typing, sync copies of our own sends, reactions and
 * group updates are not conversation and are skipped. The shapes are the daemon's JSON fields we read.
 */
import type { Attachment, InboundMessage } from '../types.ts'

interface SgMention { name?: string; number?: string | null; uuid?: string | null; start?: number; length?: number }
interface SgAttachment { contentType?: string; filename?: string | null; id?: string; size?: number | null }

interface SgDataMessage {
  timestamp?: number
  message?: string | null
  groupInfo?: { groupId?: string; groupName?: string | null; type?: string }
  mentions?: SgMention[]
  quote?: { id?: number; author?: string; authorNumber?: string | null; authorUuid?: string | null }
  attachments?: SgAttachment[]
  sticker?: { packId?: string; stickerId?: number }
  reaction?: unknown
  remoteDelete?: unknown
}

export interface SignalReceiveEvent {
  account?: string
  envelope?: {
    source?: string
    sourceNumber?: string | null
    sourceUuid?: string | null
    sourceName?: string | null
    timestamp?: number
    dataMessage?: SgDataMessage
  }
}

interface SignalIdentity {
  accountId: string
  /** The bot's number and UUID: its own messages and @mentions of it are recognised by them. */
  account?: string
  accountUuid?: string
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined)

/** How the gateway names a Signal user: the number when known, else `uuid:<id>` (as `allowFrom` does). */
function signalSenderId(number: unknown, uuid: unknown, legacy?: unknown): string | undefined {
  const phone = str(number) ?? (str(legacy)?.startsWith('+') ? str(legacy) : undefined)
  if (phone) return phone
  const id = str(uuid) ?? str(legacy)
  return id ? `uuid:${id}` : undefined
}

export function normalizeSignalEvent(event: SignalReceiveEvent, me: SignalIdentity): InboundMessage | undefined {
  const env = event?.envelope
  const data = env?.dataMessage
  if (!env || typeof env !== 'object' || !data || typeof data !== 'object') return undefined
  const text = typeof data.message === 'string' ? data.message : ''
  const attachments = attachmentsOf(data)
  if (data.reaction || data.remoteDelete || (!text && attachments.length === 0)) return undefined
  const senderId = signalSenderId(env.sourceNumber, env.sourceUuid, env.source)
  const timestamp = typeof data.timestamp === 'number' ? data.timestamp : env.timestamp
  if (!senderId || typeof timestamp !== 'number') return undefined
  const group = data.groupInfo && typeof data.groupInfo === 'object' ? data.groupInfo : undefined
  if (group && !str(group.groupId)) return undefined
  const mentions = Array.isArray(data.mentions) ? data.mentions.filter((m) => m && typeof m === 'object') : []
  return {
    provider: 'signal',
    accountId: me.accountId,
    messageId: String(timestamp),
    chat: group ? { id: group.groupId!, kind: 'group', ...(str(group.groupName) && { title: group.groupName! }) } : { id: senderId, kind: 'direct' },
    sender: {
      id: senderId,
      ...(str(env.sourceName) && { name: env.sourceName! }),
      isBot: false,
      isSelf: isMe(me, env.sourceNumber, env.sourceUuid),
    },
    text: expandMentions(text, mentions),
    mentioned: mentions.some((m) => isMe(me, m.number, m.uuid)) || (!!data.quote && isMe(me, data.quote.authorNumber, data.quote.authorUuid)),
    ...(typeof data.quote?.id === 'number' && { replyToId: String(data.quote.id) }),
    attachments,
    ts: typeof env.timestamp === 'number' ? env.timestamp : timestamp,
  }
}

function isMe(me: SignalIdentity, number: unknown, uuid: unknown): boolean {
  return (!!me.account && number === me.account) || (!!me.accountUuid && uuid === me.accountUuid)
}

/** Signal puts U+FFFC where a mention sits; the agent reads `@<number>` instead. */
function expandMentions(text: string, mentions: SgMention[]): string {
  const placed = mentions.filter((m) => Number.isInteger(m.start) && Number.isInteger(m.length) && m.start! >= 0 && m.start! + m.length! <= text.length)
  let out = text
  for (const m of [...placed].sort((a, b) => b.start! - a.start!)) {
    const who = str(m.number) ?? str(m.uuid) ?? str(m.name) ?? 'someone'
    out = `${out.slice(0, m.start)}@${who}${out.slice(m.start! + m.length!)}`
  }
  return out
}

function kindOf(mime: string | undefined): Attachment['kind'] {
  if (!mime) return 'other'
  if (mime.startsWith('image/')) return 'image'
  if (mime.startsWith('audio/')) return 'audio'
  if (mime.startsWith('video/')) return 'video'
  return 'document'
}

function attachmentsOf(data: SgDataMessage): Attachment[] {
  const out: Attachment[] = []
  for (const a of Array.isArray(data.attachments) ? data.attachments : []) {
    if (!a || typeof a !== 'object') continue
    const mimeType = str(a.contentType)
    out.push({
      kind: kindOf(mimeType),
      ...(str(a.id) && { id: a.id }),
      ...(str(a.filename) && { name: a.filename! }),
      ...(mimeType && { mimeType }),
      ...(typeof a.size === 'number' && { size: a.size }),
    })
  }
  if (data.sticker && typeof data.sticker === 'object') {
    out.push({ kind: 'sticker', ...(str(data.sticker.packId) && { id: `${data.sticker.packId}:${data.sticker.stickerId ?? ''}` }) })
  }
  return out
}
