/**
 * Failed-auth limiter per client IP: `maxAttempts` failures within `windowMs` lock the IP out for
 * `lockoutMs`. Successful auth does not reset a lockout; it clears the failure history.
 */
export interface RateLimitConfig {
  maxAttempts: number
  windowMs: number
  lockoutMs: number
  exemptLoopback: boolean
}

export function createAuthRateLimiter(config: RateLimitConfig, now = () => Date.now()) {
  const failures = new Map<string, number[]>()
  const lockedUntil = new Map<string, number>()

  const exempt = (loopback: boolean) => loopback && config.exemptLoopback

  return {
    /** Milliseconds until this IP may try again, or 0 when it may try now. */
    retryAfter(ip: string, loopback: boolean): number {
      if (exempt(loopback)) return 0
      const until = lockedUntil.get(ip) ?? 0
      if (until <= now()) {
        lockedUntil.delete(ip)
        return 0
      }
      return until - now()
    },
    recordFailure(ip: string, loopback: boolean): void {
      if (exempt(loopback)) return
      const t = now()
      const recent = (failures.get(ip) ?? []).filter((at) => t - at < config.windowMs)
      recent.push(t)
      if (recent.length >= config.maxAttempts) {
        lockedUntil.set(ip, t + config.lockoutMs)
        failures.delete(ip)
      } else failures.set(ip, recent)
    },
    recordSuccess(ip: string): void {
      failures.delete(ip)
    },
  }
}

export type AuthRateLimiter = ReturnType<typeof createAuthRateLimiter>
