/** The gateway's shared-secret check (token, password or none) for one `connect` (PROTOCOL.md §3.4). */
import { secretsEqual } from './constant-time.ts'

export type SharedSecretResult =
  | { ok: true; method: 'none' | 'token' | 'password' }
  | { ok: false; reason: AuthFailureReason }

export type AuthFailureReason =
  | 'token_missing' | 'token_mismatch' | 'token_missing_config'
  | 'password_missing' | 'password_mismatch' | 'password_missing_config'
  | 'device_token_mismatch' | 'scope_mismatch' | 'rate_limited'

export interface SharedSecretConfig {
  mode: 'none' | 'token' | 'password'
  token?: string
  password?: string
}

export function checkSharedSecret(
  config: SharedSecretConfig,
  auth: { token?: string; password?: string } | undefined,
): SharedSecretResult {
  if (config.mode === 'none') return { ok: true, method: 'none' }
  if (config.mode === 'token') {
    if (!config.token) return { ok: false, reason: 'token_missing_config' }
    // The password field may carry the secret too; the field matching the mode wins.
    const given = auth?.token || auth?.password
    if (!given) return { ok: false, reason: 'token_missing' }
    return secretsEqual(given, config.token) ? { ok: true, method: 'token' } : { ok: false, reason: 'token_mismatch' }
  }
  if (!config.password) return { ok: false, reason: 'password_missing_config' }
  const given = auth?.password || auth?.token
  if (!given) return { ok: false, reason: 'password_missing' }
  return secretsEqual(given, config.password) ? { ok: true, method: 'password' } : { ok: false, reason: 'password_mismatch' }
}
