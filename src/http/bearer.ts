/**
 * HTTP requests that need the gateway's credentials carry them as `Authorization: Bearer`: the shared
 * secret (token or password) or a live device token. Wrong bearers count against the same per-address
 * limiter as the WebSocket `connect`. Used by the canvas routes and the Control UI's config file.
 */
import type { ClientAddress } from '../auth/locality.ts'
import type { AuthRateLimiter } from '../auth/rate-limiter.ts'
import { checkSharedSecret } from '../auth/shared-secret.ts'
import type { GatewaySettings } from '../config/settings.ts'
import type { PairingStore } from '../store/pairing-store.ts'
import { httpError } from './http-error.ts'

/** What checking a bearer reads from the running gateway. */
export interface BearerContext {
  rateLimiter: Pick<AuthRateLimiter, 'retryAfter' | 'recordFailure' | 'recordSuccess'>
  services: { readonly settings: Pick<GatewaySettings, 'auth'>; readonly pairing: Pick<PairingStore, 'verifyToken'> }
}

/** A refusal (401, or 429 while the address is locked out), or undefined when the bearer is good. */
export function checkBearer(req: Request, rt: BearerContext, client: ClientAddress): Response | undefined {
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

function isValidBearer(bearer: string, rt: BearerContext): boolean {
  const settings = rt.services.settings
  // In mode none there is no secret to present: a device token is then the only credential.
  if (settings.auth.mode !== 'none' && checkSharedSecret(settings.auth, { token: bearer, password: bearer }).ok) return true
  return rt.services.pairing.verifyToken(bearer) !== null
}

const unauthorized = () => httpError(401, 'Unauthorized', { headers: { 'www-authenticate': 'Bearer' } })
