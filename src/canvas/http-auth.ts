/**
 * Who may use the canvas routes. On a loopback bind, reading is open (the browser on this host);
 * beyond loopback, and for every write, the caller needs `Authorization: Bearer` with the gateway's
 * shared secret or a live device token (PROTOCOL.md §6). Wrong bearers count against the same
 * per-address limiter as the WebSocket `connect`, and a proxied request without an attributable
 * client is refused before anything else.
 */
import type { ClientAddress } from '../auth/locality.ts'
import { checkSharedSecret } from '../auth/shared-secret.ts'
import { isLoopbackHost } from '../config/settings.ts'
import { httpError } from '../gateway/http-error.ts'
import { proxyAttributionRequired } from '../gateway/proxy-attribution.ts'
import type { GatewayRuntime } from '../gateway/runtime.ts'

function needsCanvasAuth(rt: GatewayRuntime, write: boolean): boolean {
  return write || !isLoopbackHost(rt.services.settings.host)
}

/** A refusal, or undefined when the request may go on. */
export function checkCanvasAccess(req: Request, rt: GatewayRuntime, client: ClientAddress, write: boolean): Response | undefined {
  if (client.unattributable) return proxyAttributionRequired()
  if (!needsCanvasAuth(rt, write)) return undefined
  const wait = rt.rateLimiter.retryAfter(client)
  if (wait > 0) {
    return httpError(429, 'too many failed authentication attempts (retry later)', { headers: { 'retry-after': String(Math.ceil(wait / 1000)) } })
  }
  const bearer = (req.headers.get('authorization') ?? '').match(/^Bearer\s+(.+)$/i)?.[1]?.trim()
  if (!bearer) return unauthorized()
  if (!isValidBearer(bearer, rt)) {
    rt.rateLimiter.recordFailure(client)
    return unauthorized()
  }
  rt.rateLimiter.recordSuccess(client)
  return undefined
}

function isValidBearer(bearer: string, rt: GatewayRuntime): boolean {
  const settings = rt.services.settings
  // In mode none there is no secret to present: a device token is then the only credential.
  if (settings.auth.mode !== 'none' && checkSharedSecret(settings.auth, { token: bearer, password: bearer }).ok) return true
  return rt.services.pairing.verifyToken(bearer) !== null
}

const unauthorized = () => httpError(401, 'Unauthorized', { headers: { 'www-authenticate': 'Bearer' } })
