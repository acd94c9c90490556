/** Finding 4 of issue 12: every credential check is limited by the attributed client address. */
import { afterEach, describe, expect, test } from 'bun:test'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { TestClient } from '../helpers/client.ts'

let gw: TestGateway
afterEach(() => gw?.stop())

const RATE = { maxAttempts: 5, windowMs: 60_000, lockoutMs: 60_000, exemptLoopback: true }
const UPGRADE = { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-version': '13' }

/** This test process plays a reverse proxy on loopback that the gateway trusts. */
const behindProxy = () => startTestGateway({ settings: { trustedProxies: ['127.0.0.1'], rateLimit: RATE } })

async function wsConnectCode(headers: Record<string, string>, token: string): Promise<string | undefined> {
  const c = await TestClient.open(gw.url, headers)
  const res = await c.sendConnect({ token })
  c.close()
  return res.ok ? undefined : res.error.details?.code
}

describe('behind a trusted proxy', () => {
  test('a request naming no client (only Forwarded:) or naming loopback is refused as unattributable', async () => {
    gw = await behindProxy()
    for (const forwarded of [{ forwarded: 'for=203.0.113.9' } as Record<string, string>, { 'x-forwarded-for': '127.0.0.1' }, { 'x-forwarded-for': '::1' }]) {
      const ws = await fetch(`http://127.0.0.1:${gw.port}/`, { headers: { ...UPGRADE, ...forwarded } })
      expect(ws.status).toBe(403)
      expect((await ws.json()).error.type).toBe('proxy_attribution_required')
      const canvas = await fetch(`http://127.0.0.1:${gw.port}/__openclaw__/canvas/x.txt`, { method: 'PUT', body: 'x', headers: { authorization: 'Bearer wrong', ...forwarded } })
      expect(canvas.status).toBe(403)
    }
  })

  test('a forwarded client is limited even though the proxy itself is loopback', async () => {
    gw = await behindProxy()
    const client = { 'x-forwarded-for': '203.0.113.9' }
    const codes: (string | undefined)[] = []
    for (let i = 0; i < 8; i++) codes.push(await wsConnectCode(client, 'wrong'))
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('AUTH_TOKEN_MISMATCH'))
    expect(codes.slice(5)).toEqual(Array(3).fill('AUTH_RATE_LIMITED'))
    // Another forwarded client, and this host's own direct traffic, are untouched.
    expect(await wsConnectCode({ 'x-forwarded-for': '203.0.113.10' }, gw.token)).toBeUndefined()
    expect(await wsConnectCode({}, gw.token)).toBeUndefined()
  })
})

describe('HTTP bearer checks', () => {
  test('wrong canvas bearers are limited, and share the limit with the WebSocket', async () => {
    gw = await behindProxy()
    const client = { 'x-forwarded-for': '198.51.100.7' }
    const put = (token: string) =>
      fetch(`http://127.0.0.1:${gw.port}/__openclaw__/canvas/a.txt`, { method: 'PUT', body: 'x', headers: { authorization: `Bearer ${token}`, ...client } })
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) statuses.push((await put('wrong')).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429])
    const limited = await put(gw.token)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await wsConnectCode(client, gw.token)).toBe('AUTH_RATE_LIMITED')
  })
})
