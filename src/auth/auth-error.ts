/** Turns an auth failure reason into the exact connect error clients expect (PROTOCOL.md §3.4). */
import { GatewayError, type ConnectErrorDetailCode } from '../protocol/index.ts'
import type { AuthFailureReason } from './shared-secret.ts'

const DETAIL_CODES: Record<AuthFailureReason, ConnectErrorDetailCode> = {
  token_missing: 'AUTH_TOKEN_MISSING',
  token_mismatch: 'AUTH_TOKEN_MISMATCH',
  token_missing_config: 'AUTH_TOKEN_NOT_CONFIGURED',
  password_missing: 'AUTH_PASSWORD_MISSING',
  password_mismatch: 'AUTH_PASSWORD_MISMATCH',
  password_missing_config: 'AUTH_PASSWORD_NOT_CONFIGURED',
  device_token_mismatch: 'AUTH_DEVICE_TOKEN_MISMATCH',
  scope_mismatch: 'AUTH_SCOPE_MISMATCH',
  rate_limited: 'AUTH_RATE_LIMITED',
}

const MESSAGES: Record<AuthFailureReason, string> = {
  token_missing: "unauthorized: gateway token missing (set gateway.auth.token on the client or pass --token)",
  token_mismatch: "unauthorized: gateway token mismatch (use this gateway's gateway.auth.token or pair the device)",
  token_missing_config: 'unauthorized: gateway token not configured on gateway (set gateway.auth.token)',
  password_missing: 'unauthorized: gateway password missing (pass --password)',
  password_mismatch: "unauthorized: gateway password mismatch (use this gateway's gateway.auth.password)",
  password_missing_config: 'unauthorized: gateway password not configured on gateway (set gateway.auth.password)',
  device_token_mismatch: 'unauthorized: device token mismatch (rotate/reissue device token)',
  scope_mismatch: 'unauthorized: device token scope mismatch (re-pair or approve scope upgrade)',
  rate_limited: 'unauthorized: too many failed authentication attempts (retry later)',
}

const NEXT_STEP: Record<AuthFailureReason, string> = {
  token_missing: 'update_auth_configuration',
  password_missing: 'update_auth_configuration',
  token_missing_config: 'update_auth_configuration',
  password_missing_config: 'update_auth_configuration',
  token_mismatch: 'update_auth_credentials',
  password_mismatch: 'update_auth_credentials',
  device_token_mismatch: 'update_auth_credentials',
  scope_mismatch: 'review_auth_configuration',
  rate_limited: 'wait_then_retry',
}

export function authError(
  reason: AuthFailureReason,
  opts: { canRetryWithDeviceToken?: boolean; retryAfterMs?: number } = {},
): GatewayError {
  const canRetry = opts.canRetryWithDeviceToken ?? false
  const details = {
    code: DETAIL_CODES[reason],
    authReason: reason,
    canRetryWithDeviceToken: canRetry,
    recommendedNextStep: canRetry ? 'retry_with_device_token' : NEXT_STEP[reason],
  }
  const retry = reason === 'rate_limited' ? { retryable: true, retryAfterMs: opts.retryAfterMs ?? 0 } : undefined
  return new GatewayError('INVALID_REQUEST', MESSAGES[reason], details, retry)
}
