/**
 * What each WhatsApp Web close reason means for the account. The codes are Baileys'
 * `DisconnectReason` values (a test pins them against the SDK's enum). `relink` = the session is gone
 * (logged out from the phone): the auth state is dropped and the account waits for a new QR login.
 * `halt` = retrying would not help or would fight another client: reported, and the account waits
 * for an operator (`channels.start` / a new login). Everything else reconnects with backoff.
 */
export type DisconnectAction = 'reconnect' | 'relink' | 'halt'

export const DISCONNECT_CODES = {
  connectionClosed: 428,
  connectionLost: 408,
  connectionReplaced: 440,
  loggedOut: 401,
  badSession: 500,
  restartRequired: 515,
  multideviceMismatch: 411,
  forbidden: 403,
  unavailableService: 503,
} as const

const TERMINAL: Record<number, { action: DisconnectAction; reason: string }> = {
  [DISCONNECT_CODES.loggedOut]: { action: 'relink', reason: 'logged out from the phone; link again with `openclaw channels login whatsapp`' },
  [DISCONNECT_CODES.multideviceMismatch]: { action: 'relink', reason: 'multi-device mismatch; link again with `openclaw channels login whatsapp`' },
  [DISCONNECT_CODES.connectionReplaced]: { action: 'halt', reason: 'another client opened this WhatsApp session; not reconnecting so the two do not take turns' },
  [DISCONNECT_CODES.forbidden]: { action: 'halt', reason: 'WhatsApp refused this account (403)' },
}

export function classifyDisconnect(statusCode: number | undefined, message: string | undefined): { action: DisconnectAction; reason: string } {
  const known = statusCode === undefined ? undefined : TERMINAL[statusCode]
  if (known) return known
  const name = Object.entries(DISCONNECT_CODES).find(([, code]) => code === statusCode)?.[0]
  return { action: 'reconnect', reason: `connection closed (${name ?? statusCode ?? 'no status'}${message ? `: ${message}` : ''})` }
}

/** Baileys closes with a Boom error; its HTTP-style status sits in `output.statusCode`. */
export function statusCodeOf(err: unknown): number | undefined {
  const code = (err as { output?: { statusCode?: unknown } } | undefined)?.output?.statusCode
  return typeof code === 'number' ? code : undefined
}
