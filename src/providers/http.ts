/**
 * One streaming POST to a model provider, the way every provider needs it: retries with backoff on
 * 429/5xx and network failures (honouring Retry-After), a clear error for a refused key, a timeout
 * that covers both waiting for headers and silence in the middle of a stream, and cancellation.
 */
import { errorDetail } from '../http/error-detail.ts'
import { readBounded } from '../http/http-body.ts'
import { GatewayError } from '../protocol/index.ts'
import type { ProviderErrorCode } from './types.ts'

export interface StreamPost {
  provider: string
  url: string
  headers: Record<string, string>
  body: unknown
  signal: AbortSignal
  /** Longest wait for response headers, and longest silence between two chunks. */
  timeoutMs: number
  maxRetries?: number
}

/** Longest Retry-After we sleep through; beyond it the run fails and says when to come back. */
const MAX_RETRY_WAIT_MS = 60_000
const BASE_BACKOFF_MS = 500

export function providerError(code: ProviderErrorCode, provider: string, message: string, extra: Record<string, unknown> = {}, retryAfterMs?: number): GatewayError {
  return new GatewayError('UNAVAILABLE', message, { code, provider, ...extra }, { retryable: code !== 'PROVIDER_AUTH' && code !== 'PROVIDER_REJECTED', retryAfterMs })
}

/** The response body as chunks; throws GatewayError (or the abort reason when the run was cancelled). */
export async function* postStream(req: StreamPost): AsyncGenerator<Uint8Array> {
  const maxRetries = req.maxRetries ?? 3
  for (let attempt = 0; ; attempt++) {
    const ctl = new AbortController()
    const onAbort = () => ctl.abort(req.signal.reason)
    req.signal.addEventListener('abort', onAbort, { once: true })
    let timedOut = false
    let timer: Timer | undefined
    // One timer per request, not one per chunk: each chunk only notes the time, and the timer, when it
    // fires, waits out what is left of the silence since the last one.
    let quietSince = 0
    const check = () => {
      const left = quietSince + req.timeoutMs - performance.now()
      if (left > 0) return void (timer = setTimeout(check, left))
      timedOut = true
      ctl.abort()
    }
    const arm = () => {
      quietSince = performance.now()
      timer ??= setTimeout(check, req.timeoutMs)
    }
    try {
      if (req.signal.aborted) throw req.signal.reason
      arm()
      let res: Response
      try {
        res = await fetch(req.url, { method: 'POST', headers: { 'content-type': 'application/json', ...req.headers }, body: JSON.stringify(req.body), signal: ctl.signal })
      } catch (err) {
        if (req.signal.aborted) throw req.signal.reason
        if (timedOut) throw providerError('PROVIDER_TIMEOUT', req.provider, `${req.provider}: no response within ${req.timeoutMs} ms`)
        if (attempt < maxRetries) {
          await sleep(backoff(attempt), req.signal)
          continue
        }
        throw providerError('PROVIDER_NETWORK', req.provider, `${req.provider}: cannot reach ${new URL(req.url).origin} (${(err as Error).message})`)
      }
      if (!res.ok) {
        const failure = await describeFailure(req.provider, res)
        const retryable = res.status === 429 || res.status >= 500
        const wait = retryable ? (retryAfterMs(res.headers) ?? backoff(attempt)) : 0
        if (retryable && attempt < maxRetries && wait <= MAX_RETRY_WAIT_MS) {
          await sleep(wait, req.signal)
          continue
        }
        throw failure
      }
      if (!res.body) throw providerError('PROVIDER_FAILED', req.provider, `${req.provider}: empty response body`)
      const reader = res.body.getReader()
      try {
        for (;;) {
          arm()
          const { done, value } = await reader.read()
          if (done) return
          yield value
        }
      } catch (err) {
        if (req.signal.aborted) throw req.signal.reason
        if (timedOut) throw providerError('PROVIDER_TIMEOUT', req.provider, `${req.provider}: the stream went silent for ${req.timeoutMs} ms`)
        if (err instanceof GatewayError) throw err
        throw providerError('PROVIDER_STREAM_CUT', req.provider, `${req.provider}: the connection broke in the middle of the reply`)
      } finally {
        reader.cancel().catch(() => {})
      }
    } finally {
      clearTimeout(timer)
      req.signal.removeEventListener('abort', onAbort)
    }
  }
}

/** An error answer longer than this is not read (its detail, cut to a few hundred characters anyway, is left out). */
const MAX_ERROR_BODY_BYTES = 64 * 1024

async function describeFailure(provider: string, res: Response): Promise<GatewayError> {
  const body = await readBounded(res, MAX_ERROR_BODY_BYTES).catch(() => null)
  const detail = errorDetail(body?.toString('utf8') ?? '')
  const extra = { status: res.status }
  if (res.status === 401 || res.status === 403) {
    return providerError('PROVIDER_AUTH', provider, `${provider} refused the API key (HTTP ${res.status}): ${detail || 'unauthorized'}; check models.providers.${provider}.apiKey or the provider's env variable`, extra)
  }
  if (res.status === 429) return providerError('PROVIDER_RATE_LIMITED', provider, `${provider} is rate limiting requests (HTTP 429): ${detail}`, extra, retryAfterMs(res.headers))
  if (res.status >= 500) return providerError('PROVIDER_FAILED', provider, `${provider} failed (HTTP ${res.status}): ${detail}`, extra)
  return providerError('PROVIDER_REJECTED', provider, `${provider} rejected the request (HTTP ${res.status}): ${detail}`, extra)
}

function retryAfterMs(headers: Headers): number | undefined {
  const ms = headers.get('retry-after-ms')
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms))
  const value = headers.get('retry-after')
  if (!value) return undefined
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

const backoff = (attempt: number) => Math.round(BASE_BACKOFF_MS * 2 ** attempt * (1 + Math.random() * 0.2))

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
