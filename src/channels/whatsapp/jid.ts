/**
 * WhatsApp addresses. A user is `<digits>@s.whatsapp.net` (or an opaque `<id>@lid`), a group
 * `<id>@g.us`; a linked device adds `:<device>` to the user part. Operators write E.164 numbers.
 */

const USER_DOMAIN = 's.whatsapp.net'

/** `+15551234567` from a phone number in any common spelling, or undefined when it is not one. */
export function toE164(value: string): string | undefined {
  const trimmed = value.trim()
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) return undefined
  const digits = trimmed.replace(/\D/g, '')
  return digits.length >= 5 && digits.length <= 15 ? `+${digits}` : undefined
}

/** The chat JID an outbound `to` names: a JID as is, a phone number as its user JID. */
export function toJid(to: string): string | undefined {
  const t = to.trim().replace(/^whatsapp:/i, '')
  if (/^[\w.:-]+@(s\.whatsapp\.net|g\.us|lid|newsletter|broadcast)$/.test(t)) return t
  const e164 = toE164(t)
  return e164 ? `${e164.slice(1)}@${USER_DOMAIN}` : undefined
}

/** The user part without the device suffix: `1555:12@s.whatsapp.net` → `1555@s.whatsapp.net`. */
export function bareJid(jid: string): string {
  const [user = '', domain = ''] = jid.split('@')
  return `${user.split(':')[0]}@${domain}`
}

/** How a sender is named to the router: E.164 for phone-number JIDs, the bare JID otherwise (LIDs). */
export function senderIdOf(jid: string): string {
  const bare = bareJid(jid)
  return bare.endsWith(`@${USER_DOMAIN}`) ? `+${bare.split('@')[0]}` : bare
}

export const isGroupJid = (jid: string) => jid.endsWith('@g.us')

/** Status updates and broadcast lists are not conversations. */
export const isIgnoredJid = (jid: string) => jid.endsWith('@broadcast') || jid === 'status@broadcast' || jid.endsWith('@newsletter')
