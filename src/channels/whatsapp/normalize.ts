/**
 * Baileys `WAMessage` (WhatsApp's WebMessageInfo protobuf, as plain JSON) → InboundMessage. Pure and
 * defensive: anything without a chat, or with nothing to say (receipts, reactions, protocol
 * messages), yields undefined. The shapes are the protobuf fields we read, not the SDK's types.
 */
import type { Attachment, InboundMessage } from '../types.ts'
import { bareJid, isGroupJid, isIgnoredJid, senderIdOf } from './jid.ts'

interface WaContextInfo { mentionedJid?: string[] | null; stanzaId?: string | null; participant?: string | null }
interface WaMedia { caption?: string | null; mimetype?: string | null; fileLength?: number | string | { low: number } | null; fileName?: string | null; ptt?: boolean | null; contextInfo?: WaContextInfo | null }

interface WaMessageContent {
  conversation?: string | null
  extendedTextMessage?: { text?: string | null; contextInfo?: WaContextInfo | null } | null
  imageMessage?: WaMedia | null
  videoMessage?: WaMedia | null
  audioMessage?: WaMedia | null
  documentMessage?: WaMedia | null
  documentWithCaptionMessage?: { message?: WaMessageContent | null } | null
  stickerMessage?: WaMedia | null
  ephemeralMessage?: { message?: WaMessageContent | null } | null
  viewOnceMessage?: { message?: WaMessageContent | null } | null
  viewOnceMessageV2?: { message?: WaMessageContent | null } | null
}

export interface WaMessage {
  key?: { remoteJid?: string | null; fromMe?: boolean | null; id?: string | null; participant?: string | null; participantAlt?: string | null; remoteJidAlt?: string | null } | null
  pushName?: string | null
  messageTimestamp?: number | string | { low: number } | null
  message?: WaMessageContent | null
}

export interface WhatsAppIdentity {
  accountId: string
  /** Our own JIDs (phone-number JID and LID), bare. */
  selfJids: string[]
}

const MEDIA: [keyof WaMessageContent, Attachment['kind']][] = [
  ['imageMessage', 'image'], ['videoMessage', 'video'], ['audioMessage', 'audio'], ['documentMessage', 'document'], ['stickerMessage', 'sticker'],
]

const toNumber = (v: WaMedia['fileLength'] | WaMessage['messageTimestamp']) =>
  v === null || v === undefined ? undefined : typeof v === 'object' ? v.low : Number(v)

/** Ephemeral, view-once and captioned documents wrap the real content one level down. */
function unwrap(content: WaMessageContent | null | undefined): WaMessageContent | undefined {
  let c = content ?? undefined
  for (let depth = 0; c && depth < 3; depth++) {
    const inner = c.ephemeralMessage?.message ?? c.viewOnceMessage?.message ?? c.viewOnceMessageV2?.message ?? c.documentWithCaptionMessage?.message
    if (!inner) break
    c = inner
  }
  return c
}

export function normalizeWhatsAppMessage(m: WaMessage, me: WhatsAppIdentity): InboundMessage | undefined {
  const chatJid = m?.key?.remoteJid
  const id = m?.key?.id
  if (typeof chatJid !== 'string' || typeof id !== 'string' || isIgnoredJid(chatJid)) return undefined
  const content = unwrap(m.message)
  if (!content) return undefined
  const group = isGroupJid(chatJid)
  const fromMe = m.key!.fromMe === true
  // A LID-addressed chat names the phone-number JID in the `*Alt` fields when WhatsApp shares it.
  const senderJid = group ? (m.key!.participantAlt ?? m.key!.participant) : (m.key!.remoteJidAlt ?? chatJid)
  if (typeof senderJid !== 'string' && !fromMe) return undefined

  const media = MEDIA.map(([field, kind]) => [content[field] as WaMedia | null | undefined, kind] as const).filter(([v]) => v)
  const text = content.conversation ?? content.extendedTextMessage?.text ?? media.find(([v]) => v?.caption)?.[0]?.caption ?? ''
  // One media item per message: the attachment is found again (and downloaded) by the message id.
  const attachments: Attachment[] = media.map(([v, kind]) => ({
    kind: kind === 'audio' && v!.ptt ? 'voice' : kind,
    id,
    ...(v!.mimetype && { mimeType: v!.mimetype }),
    ...(v!.fileName && { name: v!.fileName }),
    ...(toNumber(v!.fileLength) !== undefined && { size: toNumber(v!.fileLength) }),
  }))
  if (!text && attachments.length === 0) return undefined

  const context = content.extendedTextMessage?.contextInfo ?? media.find(([v]) => v?.contextInfo)?.[0]?.contextInfo ?? undefined
  const self = new Set(me.selfJids.map(bareJid))
  const mentioned = (context?.mentionedJid ?? []).some((j) => self.has(bareJid(j))) || (!!context?.participant && self.has(bareJid(context.participant)))
  const ts = toNumber(m.messageTimestamp)
  return {
    provider: 'whatsapp',
    accountId: me.accountId,
    messageId: id,
    chat: { id: chatJid, kind: group ? 'group' : 'direct' },
    sender: {
      id: fromMe ? senderIdOf(me.selfJids[0] ?? chatJid) : senderIdOf(senderJid!),
      ...(m.pushName && { name: m.pushName }),
      isBot: false,
      isSelf: fromMe,
    },
    text,
    mentioned,
    ...(context?.stanzaId && { replyToId: context.stanzaId }),
    attachments,
    ts: ts ? ts * 1000 : Date.now(),
  }
}
