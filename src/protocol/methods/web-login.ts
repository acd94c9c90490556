/** QR linking of a web-session channel (WhatsApp): `web.login.start` then `web.login.wait` until linked. */
import { Type } from '@sinclair/typebox'

const NonEmpty = Type.String({ minLength: 1 })
const QrDataUrl = Type.String({ maxLength: 16384, pattern: '^data:image/png;base64,' })

const WebLoginResult = Type.Object({
  connected: Type.Boolean(),
  message: Type.String(),
  qrDataUrl: Type.Optional(QrDataUrl),
  /** Not in the original: the raw QR payload, so a terminal can draw it without decoding the PNG. */
  qr: Type.Optional(Type.String()),
  /** Not in the original: set when linking stopped (QR expired, refused); `message` says the same. */
  error: Type.Optional(Type.String()),
  sessionKey: Type.Optional(Type.String()),
}, { additionalProperties: false })

export const WebLoginMethods = {
  'web.login.start': {
    params: Type.Object({
      channel: Type.Optional(NonEmpty),
      force: Type.Optional(Type.Boolean()),
      timeoutMs: Type.Optional(Type.Integer({ minimum: 0 })),
      verbose: Type.Optional(Type.Boolean()),
      accountId: Type.Optional(Type.String()),
    }, { additionalProperties: false }),
    result: WebLoginResult,
  },
  'web.login.wait': {
    params: Type.Object({
      channel: Type.Optional(NonEmpty),
      sessionKey: Type.Optional(NonEmpty),
      timeoutMs: Type.Optional(Type.Integer({ minimum: 0 })),
      accountId: Type.Optional(Type.String()),
      currentQrDataUrl: Type.Optional(QrDataUrl),
    }, { additionalProperties: false }),
    result: WebLoginResult,
  },
} as const
