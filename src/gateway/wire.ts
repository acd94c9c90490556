/** Encoding of outbound frames, and the one place any thrown value becomes a wire error. */
import { GatewayError, type ErrorShape } from '../protocol/index.ts'
import { logger } from '../log.ts'
import { storageFailure } from '../store/storage-errors.ts'

const log = logger('dispatch')

export function encodeResponse(id: string, payload: unknown): string {
  return `{"type":"res","id":${JSON.stringify(id)},"ok":true,"payload":${JSON.stringify(payload ?? null)}}`
}

export function encodeError(id: string, error: unknown, payload?: unknown): string {
  const shape = toWireError(error)
  const extra = payload === undefined ? '' : `,"payload":${JSON.stringify(payload)}`
  return `{"type":"res","id":${JSON.stringify(id)},"ok":false${extra},"error":${JSON.stringify(shape)}}`
}

/**
 * GatewayError renders itself; a storage failure (full disk) becomes its typed UNAVAILABLE; anything
 * else is logged once and sent as UNAVAILABLE without internals.
 */
function toWireError(thrown: unknown): ErrorShape {
  const storage = storageFailure(thrown)
  if (storage) log.warn(`a request failed on storage: ${(thrown as Error).message} (${(thrown as { code: string }).code})`)
  const error = storage ?? thrown
  if (error instanceof GatewayError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.details !== undefined && { details: error.details }),
      ...(error.retryable !== undefined && { retryable: error.retryable }),
      ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
    }
  }
  log.error('handler failed', error)
  return { code: 'UNAVAILABLE', message: 'internal error' }
}
