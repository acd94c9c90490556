/** Encoding of outbound frames, and the one place any thrown value becomes a wire error. */
import { GatewayError, type ErrorShape } from '../protocol/index.ts'
import { logger } from '../log.ts'

const log = logger('dispatch')

export function encodeResponse(id: string, payload: unknown): string {
  return `{"type":"res","id":${JSON.stringify(id)},"ok":true,"payload":${JSON.stringify(payload ?? null)}}`
}

export function encodeError(id: string, error: unknown, payload?: unknown): string {
  const shape = toWireError(error)
  const extra = payload === undefined ? '' : `,"payload":${JSON.stringify(payload)}`
  return `{"type":"res","id":${JSON.stringify(id)},"ok":false${extra},"error":${JSON.stringify(shape)}}`
}

/** GatewayError renders itself; anything else is logged once and sent as UNAVAILABLE without internals. */
function toWireError(error: unknown): ErrorShape {
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
