/** Finding 5 of issue 12: what unauthenticated and scope-less clients can make the gateway hold. */
import { afterEach, expect, test } from 'bun:test'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { TestClient } from '../helpers/client.ts'

let gw: TestGateway
afterEach(() => gw.stop())

const UPGRADE = { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-version': '13' }

test('unauthenticated sockets are capped overall, not only per address', async () => {
  gw = await startTestGateway({ limits: { maxPreauthTotal: 3 } })
  const open = await Promise.all([TestClient.open(gw.url), TestClient.open(gw.url), TestClient.open(gw.url)])
  const refused = await fetch(`http://127.0.0.1:${gw.port}/`, { headers: UPGRADE })
  expect(refused.status).toBe(429)
  await open[0]!.sendConnect({ token: gw.token }) // a finished handshake frees its slot
  const again = await TestClient.open(gw.url)
  expect(again.challenge).toBeDefined()
  for (const c of [...open, again]) c.close()
})

test('a huge display name does not make every later hello-ok huge', async () => {
  gw = await startTestGateway()
  const client = { id: 'webchat-ui', version: '1', platform: 'web', mode: 'webchat', displayName: 'x'.repeat(60_000) }
  const loud: TestClient[] = []
  for (let i = 0; i < 20; i++) {
    const c = await TestClient.open(gw.url)
    expect((await c.sendConnect({ token: gw.token, extra: { client: { ...client, instanceId: `loud-${i}` } } })).ok).toBe(true)
    loud.push(c)
  }
  const next = await TestClient.connect(gw.url, { token: gw.token })
  const presence = next.hello!.snapshot.presence as { host?: string }[]
  expect(presence.length).toBe(21)
  expect(Math.max(...presence.map((p) => p.host?.length ?? 0))).toBeLessThanOrEqual(200)
  expect(JSON.stringify(next.hello).length).toBeLessThan(30_000)
  for (const c of [...loud, next]) c.close()
})
