/**
 * Provider failures become one typed error: `UNAVAILABLE` with `{code: 'CHANNEL_FAILED', provider, op,
 * reason}`. A rate limit (429 + retry-after) is waited out when the wait is short, and reported with
 * `retryAfterMs` when it is not. A refused markup is flagged (`markupRefused`) so the text can go again plain.
 */
import { GatewayError } from '../protocol/index.ts'
import type { Provider } from './types.ts'

/** What an adapter learnt from an SDK error. */
export interface ProviderFailure {
  reason: string
  status?: number
  retryAfterMs?: number
  /** The provider could not parse the message's markup (Telegram's "can't parse entities"). */
  markupRefused?: boolean
}

export function channelError(provider: Provider, op: string, failure: ProviderFailure, cause?: unknown): GatewayError {
  return new GatewayError(
    'UNAVAILABLE',
    `${provider} ${op} failed: ${failure.reason}`,
    {
      code: 'CHANNEL_FAILED', provider, op, reason: failure.reason,
      ...(failure.status !== undefined && { status: failure.status }),
      ...(failure.markupRefused && { markupRefused: true }),
    },
    { cause, retryable: true, ...(failure.retryAfterMs !== undefined && { retryAfterMs: failure.retryAfterMs }) },
  )
}

export interface RetryOptions {
  provider: Provider
  op: string
  classify(err: unknown): ProviderFailure
  /** Longest retry-after we wait for in-line (default 30 s). */
  maxWaitMs?: number
  attempts?: number
}

/** Runs `work`; on a 429 with a short retry-after, waits and tries again. Any other failure is wrapped at once. */
export async function withRateLimitRetry<T>(work: () => Promise<T>, opts: RetryOptions): Promise<T> {
  const attempts = opts.attempts ?? 3
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (err) {
      if (err instanceof GatewayError) throw err
      const failure = opts.classify(err)
      const wait = failure.retryAfterMs
      if (failure.status === 429 && wait !== undefined && wait <= (opts.maxWaitMs ?? 30_000) && attempt < attempts) {
        await Bun.sleep(wait)
        continue
      }
      throw channelError(opts.provider, opts.op, failure, err)
    }
  }
}

/** The provider refused a message's markup; the same words as plain text would go through. */
export function isMarkupRefused(err: unknown): boolean {
  return err instanceof GatewayError && (err.details as { markupRefused?: boolean } | undefined)?.markupRefused === true
}

/** A short description of any thrown value, for status and logs. */
export function describeError(err: unknown): string {
  if (err instanceof GatewayError) {
    const reason = (err.details as { reason?: string } | undefined)?.reason
    return reason ?? err.message
  }
  return err instanceof Error ? err.message : String(err)
}

/**
 * An inbound message the gateway could not keep (its disk failed): thrown from an adapter's handler so
 * the provider is not told the message arrived (no offset, no ack) and delivers it again.
 */
export class InboundNotKept extends Error {
  constructor(what: string) {
    super(`${what} could not be kept; left for the provider to deliver again`)
  }
}
