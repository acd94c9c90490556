/**
 * `web.login.start` / `web.login.wait`: QR linking of a web-session channel (WhatsApp). Admin only and
 * unadvertised, as in the original. An empty `accountId` means the default account.
 */
import { defineMethod } from './define-method.ts'

// A wait holds a request open; bound it so a forgotten client does not pin one for hours.
const MAX_WAIT_MS = 300_000
const bound = (ms: number | undefined) => (ms === undefined ? undefined : Math.min(ms, MAX_WAIT_MS))

export const webLoginStart = defineMethod('web.login.start', {
  access: 'operator.admin',
  unadvertised: true,
  async handle({ channel, accountId, force, timeoutMs }, ctx) {
    const login = await ctx.channels.qrLogin(channel, accountId || undefined)
    return login.start({ force, timeoutMs: bound(timeoutMs) })
  },
})

export const webLoginWait = defineMethod('web.login.wait', {
  access: 'operator.admin',
  unadvertised: true,
  async handle({ channel, accountId, timeoutMs, currentQrDataUrl }, ctx) {
    const login = await ctx.channels.qrLogin(channel, accountId || undefined)
    return login.wait({ timeoutMs: bound(timeoutMs), currentQrDataUrl })
  },
})
