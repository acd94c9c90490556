import { describe, expect, test } from 'bun:test'
import { createAuthRateLimiter } from './rate-limiter.ts'
import type { ClientAddress } from './locality.ts'

const remote = (ip: string): ClientAddress => ({ ip, locality: 'remote', unattributable: false })
const config = () => ({ maxAttempts: 2, windowMs: 1000, lockoutMs: 5000, exemptLoopback: true })

describe('the auth rate limiter', () => {
  test('only direct loopback traffic is exempt: a remote address named 127.0.0.1 is limited', () => {
    const limiter = createAuthRateLimiter(config)
    const local: ClientAddress = { ip: '127.0.0.1', locality: 'direct_local', unattributable: false }
    for (let i = 0; i < 3; i++) {
      limiter.recordFailure(local)
      limiter.recordFailure(remote('127.0.0.1'))
    }
    expect(limiter.retryAfter(local)).toBe(0)
    expect(limiter.retryAfter(remote('127.0.0.1'))).toBeGreaterThan(0)
  })

  test('tracks at most maxTracked addresses, dropping the oldest', () => {
    const limiter = createAuthRateLimiter(config, () => 0, 3)
    for (let i = 0; i < 10; i++) limiter.recordFailure(remote(`192.0.2.${i}`))
    expect(limiter.size()).toBe(3)
  })

  test('prune drops what has expired and keeps live lockouts', () => {
    let now = 0
    const limiter = createAuthRateLimiter(config, () => now)
    limiter.recordFailure(remote('192.0.2.1')) // one failure: expires with the window
    limiter.recordFailure(remote('192.0.2.2'))
    limiter.recordFailure(remote('192.0.2.2')) // locked out for 5 s
    now = 2000
    limiter.prune()
    expect(limiter.size()).toBe(1)
    now = 6000
    limiter.prune()
    expect(limiter.size()).toBe(0)
  })
})
