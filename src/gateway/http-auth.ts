/**
 * HTTP requests carry the gateway's credentials as `Authorization: Bearer`: the shared secret (token
 * or password) or a live device token. Used by the canvas routes and the Control UI's config file.
 */
import { checkSharedSecret } from '../auth/shared-secret.ts'
import type { GatewayRuntime } from './runtime.ts'

export function isBearerAuthorized(req: Request, rt: GatewayRuntime): boolean {
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
