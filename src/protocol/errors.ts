/**
 * The wire's closed set of error codes (PROTOCOL.md §1.5) and the one error class that carries them.
 * Specifics go in `details.code`, which programs and tests branch on; messages are for people.
 */
export type ErrorCode =
  | 'INVALID_REQUEST'
  | 'FORBIDDEN'
  | 'NOT_PAIRED'
  | 'APPROVAL_NOT_FOUND'
  | 'UNAVAILABLE'

/** `details.code` values sent with a failed `connect`. */
export type ConnectErrorDetailCode =
  | 'AUTH_REQUIRED'
  | 'AUTH_UNAUTHORIZED'
  | 'AUTH_TOKEN_MISSING'
  | 'AUTH_TOKEN_MISMATCH'
  | 'AUTH_TOKEN_NOT_CONFIGURED'
  | 'AUTH_PASSWORD_MISSING'
  | 'AUTH_PASSWORD_MISMATCH'
  | 'AUTH_PASSWORD_NOT_CONFIGURED'
  | 'AUTH_BOOTSTRAP_TOKEN_INVALID'
  | 'AUTH_DEVICE_TOKEN_MISMATCH'
  | 'AUTH_SCOPE_MISMATCH'
  | 'AUTH_RATE_LIMITED'
  | 'CONTROL_UI_ORIGIN_NOT_ALLOWED'
  | 'PROTOCOL_MISMATCH'
  | 'DEVICE_IDENTITY_REQUIRED'
  | 'DEVICE_AUTH_INVALID'
  | 'DEVICE_AUTH_DEVICE_ID_MISMATCH'
  | 'DEVICE_AUTH_SIGNATURE_EXPIRED'
  | 'DEVICE_AUTH_NONCE_REQUIRED'
  | 'DEVICE_AUTH_NONCE_MISMATCH'
  | 'DEVICE_AUTH_SIGNATURE_INVALID'
  | 'DEVICE_AUTH_PUBLIC_KEY_INVALID'
  | 'PAIRING_REQUIRED'

export interface GatewayErrorOptions extends ErrorOptions {
  retryable?: boolean
  retryAfterMs?: number
}

/**
 * A failure the client should see. Rendered to the wire in exactly one place (`toWireError`).
 * @example throw new GatewayError('INVALID_REQUEST', 'unknown requestId')
 */
export class GatewayError extends Error {
  readonly retryable?: boolean
  readonly retryAfterMs?: number
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    options?: GatewayErrorOptions,
  ) {
    super(message, options)
    this.name = 'GatewayError'
    this.retryable = options?.retryable
    this.retryAfterMs = options?.retryAfterMs
  }
}

/** The exact FORBIDDEN shape clients parse (message prefix included). */
export function missingScopeError(scope: string): GatewayError {
  return new GatewayError('FORBIDDEN', `missing scope: ${scope}`, {
    code: 'MISSING_SCOPE',
    missingScope: scope,
    requiredScopes: [scope],
  })
}
