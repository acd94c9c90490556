import { afterEach, describe, expect, test } from 'bun:test'
import { TestClient } from '../helpers/client.ts'
import { createDeviceIdentity } from '../helpers/device.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'

let gw: TestGateway
afterEach(() => gw?.stop())

describe('shared-secret auth', () => {
  test('a wrong token is refused with AUTH_TOKEN_MISMATCH and close 1008', async () => {
    gw = await startTestGateway()
    const c = await TestClient.open(gw.url)
    const res = await c.sendConnect({ token: 'wrong-token' })
    expect(res.error.code).toBe('INVALID_REQUEST')
    expect(res.error.details).toEqual({
      code: 'AUTH_TOKEN_MISMATCH', authReason: 'token_mismatch', canRetryWithDeviceToken: false, recommendedNextStep: 'update_auth_credentials',
    })
    expect(await c.closed).toEqual({ code: 1008, reason: res.error.message })
  })

  test('with a signed device a wrong token suggests retrying with a device token', async () => {
    gw = await startTestGateway()
    const c = await TestClient.open(gw.url)
    const res = await c.sendConnect({ token: 'wrong-token', device: createDeviceIdentity() })
    expect(res.error.details.code).toBe('AUTH_TOKEN_MISMATCH')
    expect(res.error.details.canRetryWithDeviceToken).toBe(true)
    expect(res.error.details.recommendedNextStep).toBe('retry_with_device_token')
  })

  test('no credentials and no device: NOT_PAIRED device identity required', async () => {
    gw = await startTestGateway()
    const c = await TestClient.open(gw.url)
    const res = await c.sendConnect({})
    expect(res.error).toEqual({ code: 'NOT_PAIRED', message: 'device identity required', details: { code: 'DEVICE_IDENTITY_REQUIRED' } })
    expect(await c.closed).toEqual({ code: 1008, reason: 'device identity required' })
  })

  test('password mode accepts the password in either field and names a wrong one', async () => {
    gw = await startTestGateway({ settings: { auth: { mode: 'password', password: 'hunter2' } } })
    expect((await TestClient.connect(gw.url, { password: 'hunter2' })).hello?.auth.method).toBe('password')
    expect((await TestClient.connect(gw.url, { token: 'hunter2' })).hello?.auth.method).toBe('password')
    const c = await TestClient.open(gw.url)
    const res = await c.sendConnect({ password: 'nope' })
    expect(res.error.details.code).toBe('AUTH_PASSWORD_MISMATCH')
  })

  test('auth mode none lets loopback clients in', async () => {
    gw = await startTestGateway({ settings: { auth: { mode: 'none' } } })
    const c = await TestClient.connect(gw.url, {})
    expect(c.hello?.auth.method).toBe('none')
    c.close()
  })

  test('repeated failures from one address are rate limited, even with the right token', async () => {
    gw = await startTestGateway({
      settings: { rateLimit: { maxAttempts: 3, windowMs: 60_000, lockoutMs: 60_000, exemptLoopback: false } },
    })
    for (let i = 0; i < 3; i++) {
      const c = await TestClient.open(gw.url)
      expect((await c.sendConnect({ token: 'wrong' })).error.details.code).toBe('AUTH_TOKEN_MISMATCH')
    }
    const c = await TestClient.open(gw.url)
    const res = await c.sendConnect({ token: gw.token })
    expect(res.error.details.code).toBe('AUTH_RATE_LIMITED')
    expect(res.error.retryable).toBe(true)
    expect(res.error.retryAfterMs).toBeGreaterThan(0)
    expect((await c.closed).code).toBe(1008)
  })

  test('loopback is exempt from the limiter by default', async () => {
    gw = await startTestGateway({ settings: { rateLimit: { maxAttempts: 2, windowMs: 60_000, lockoutMs: 60_000, exemptLoopback: true } } })
    for (let i = 0; i < 3; i++) await (await TestClient.open(gw.url)).sendConnect({ token: 'wrong' })
    expect((await TestClient.connect(gw.url, { token: gw.token })).hello).toBeDefined()
  })
})

describe('scopes of token-only clients', () => {
  test('an unknown client kind gets no scopes: health works, status is FORBIDDEN', async () => {
    gw = await startTestGateway()
    const c = await TestClient.connect(gw.url, { token: gw.token, clientId: 'test', clientMode: 'test', scopes: ['operator.read'] })
    expect(c.hello?.auth.scopes).toEqual([])
    expect((await c.call('health')).ok).toBe(true)
    const res = await c.request('status', {})
    expect(res.error).toEqual({
      code: 'FORBIDDEN',
      message: 'missing scope: operator.read',
      details: { code: 'MISSING_SCOPE', missingScope: 'operator.read', requiredScopes: ['operator.read'] },
    })
    c.close()
  })

  test('the local CLI and the local backend keep the scopes they ask for', async () => {
    gw = await startTestGateway()
    const cli = await TestClient.connect(gw.url, { token: gw.token, scopes: ['operator.read'] })
    expect(cli.hello?.auth.scopes).toEqual(['operator.read'])
    const backend = await TestClient.connect(gw.url, { token: gw.token, clientId: 'gateway-client', clientMode: 'backend', scopes: ['operator.write'] })
    expect(backend.hello?.auth.scopes).toEqual(['operator.write'])
    // operator.write implies operator.read
    expect((await backend.call('status')).pid).toBe(process.pid)
    cli.close()
    backend.close()
  })
})
