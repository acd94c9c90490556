/** Finding 1 of issue 12: which browser origins may open the WebSocket, and DNS rebinding on HTTP. */
import { afterEach, describe, expect, test } from 'bun:test'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { TestClient } from '../helpers/client.ts'
import type { GatewaySettings } from '../../src/config/settings.ts'

let gw: TestGateway
afterEach(() => gw?.stop())

const noAuth = (controlUi: Partial<GatewaySettings['controlUi']> = {}) =>
  startTestGateway({
    settings: {
      auth: { mode: 'none' },
      controlUi: { allowedOrigins: [], allowHostHeaderOriginFallback: false, enabled: true, basePath: '', ...controlUi },
    },
  })

async function connectFrom(headers: Record<string, string>) {
  const c = await TestClient.open(gw.url, headers)
  const res = await c.sendConnect({ clientId: 'webchat-ui', clientMode: 'webchat' })
  return { c, res }
}

describe('browser origins on the WebSocket', () => {
  test('DNS rebinding: Host and Origin both attacker.example are refused, even with --auth none', async () => {
    gw = await noAuth()
    const { c, res } = await connectFrom({ host: `attacker.example:${gw.port}`, origin: `http://attacker.example:${gw.port}` })
    expect(res.ok).toBe(false)
    expect(res.error.details).toMatchObject({ code: 'CONTROL_UI_ORIGIN_NOT_ALLOWED', reason: 'origin not allowed' })
    expect((await c.closed).code).toBe(1008)
  })

  test('a page from this gateway on loopback, or any loopback page of a local client, is admitted', async () => {
    gw = await noAuth()
    for (const origin of [`http://127.0.0.1:${gw.port}`, 'http://localhost:5173']) {
      const { c, res } = await connectFrom({ origin })
      expect(res.ok).toBe(true)
      c.close()
    }
  })

  test('a private same-origin host is admitted; a public one only when listed', async () => {
    gw = await noAuth({ allowedOrigins: ['https://control.example.com'] })
    const lan = await connectFrom({ host: `192.168.1.20:${gw.port}`, origin: `http://192.168.1.20:${gw.port}` })
    expect(lan.res.ok).toBe(true)
    const listed = await connectFrom({ origin: 'https://control.example.com' })
    expect(listed.res.ok).toBe(true)
    const other = await connectFrom({ origin: 'https://evil.example.com' })
    expect(other.res.error.details.code).toBe('CONTROL_UI_ORIGIN_NOT_ALLOWED')
    for (const x of [lan, listed, other]) x.c.close()
  })

  test('dangerouslyAllowHostHeaderOriginFallback restores the Host-equals-Origin rule', async () => {
    gw = await noAuth({ allowHostHeaderOriginFallback: true })
    const { c, res } = await connectFrom({ host: `gw.example:${gw.port}`, origin: `http://gw.example:${gw.port}` })
    expect(res.ok).toBe(true)
    c.close()
  })
})

describe('DNS rebinding on HTTP', () => {
  test('a loopback-only gateway refuses its pages under a non-loopback Host; probes still answer', async () => {
    gw = await noAuth()
    const base = `http://127.0.0.1:${gw.port}`
    const rebound = { host: `attacker.example:${gw.port}` }
    for (const path of ['/', '/__openclaw__/canvas/', '/__openclaw__/a2ui/']) {
      const res = await fetch(base + path, { headers: rebound })
      expect(res.status).toBe(403)
      expect((await res.json()).error.type).toBe('forbidden')
      expect((await fetch(base + path, { headers: { host: `localhost:${gw.port}` } })).status).toBe(200)
    }
    expect((await fetch(`${base}/healthz`, { headers: rebound })).status).toBe(200)
  })
})
