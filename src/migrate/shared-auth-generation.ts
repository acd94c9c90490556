/**
 * The original's "generation" of the shared gateway auth: a digest of the auth mode and its secret
 * that it stamps on device tokens issued to clients which proved the shared secret. A token whose
 * stamp differs from the current generation was issued under a secret since rotated, and the
 * original refuses it. Mode none has no generation.
 */
import type { GatewaySettings } from '../config/settings.ts'

export function sharedAuthGeneration(auth: GatewaySettings['auth']): string | undefined {
  const secret = auth.mode === 'token' ? auth.token : auth.mode === 'password' ? auth.password : undefined
  if (!secret || secret.trim().length === 0) return undefined
  return new Bun.CryptoHasher('sha256').update(`${auth.mode}\0${secret}`).digest('base64url')
}
