/**
 * The one way an HTTP error leaves the gateway (beside gateway/wire.ts for WebSocket frames): a status and a
 * short JSON body `{ error: { message, type } }`, the original's shape, and never an internal detail.
 * `renderUnexpected` is Bun.serve's `error` handler: a route that throws is logged here and answered 500.
 * It lives below gateway/ because channel webhooks and the canvas and webchat routes answer with it too.
 */
import { logger } from '../log.ts'

const log = logger('http')

const TYPES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'timeout',
  413: 'payload_too_large',
  429: 'rate_limited',
  500: 'internal_error',
  503: 'unavailable',
}

export function httpError(status: number, message: string, opts: { type?: string; headers?: Record<string, string> } = {}): Response {
  const body = JSON.stringify({ error: { message, type: opts.type ?? TYPES[status] ?? 'error' } })
  return new Response(body, {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...opts.headers },
  })
}

export function renderUnexpected(err: unknown): Response {
  log.error('HTTP route failed', err)
  return httpError(500, 'internal error')
}
