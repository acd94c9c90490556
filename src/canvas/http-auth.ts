/**
 * Who may use the canvas routes. On a loopback bind, reading is open (the browser on this host);
 * beyond loopback, and for every write, the caller needs `Authorization: Bearer` with the gateway's
 * shared secret or a live device token (PROTOCOL.md §6).
 */
import { checkSharedSecret } from '../auth/shared-secret.ts'
import { isLoopbackHost } from '../config/settings.ts'
import type { GatewayRuntime } from '../gateway/runtime.ts'

export function needsCanvasAuth(rt: GatewayRuntime, write: boolean): boolean {
  return write || !isLoopbackHost(rt.services.settings.host)
}

export function isCanvasAuthorized(req: Request, rt: GatewayRuntime): boolean {
  const header = req.headers.get('authorization') ?? ''
  const bearer = header.match(/^Bearer\s+(.+)$/i)?.[1]?.trim()
  if (!bearer) return false
  const settings = rt.services.settings
  // In mode none there is no secret to present: a device token is then the only credential.
  if (settings.auth.mode !== 'none' && checkSharedSecret(settings.auth, { token: bearer, password: bearer }).ok) return true
  return rt.services.pairing.verifyToken(bearer) !== null
}

export function unauthorizedResponse(): Response {
  return Response.json({ error: { message: 'Unauthorized', type: 'unauthorized' } }, { status: 401, headers: { 'www-authenticate': 'Bearer' } })
}
