/** Finding 10 of issue 12: over TLS the canvas is advertised as https, and the node host's canvas client keeps the pin. */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { X509Certificate } from 'node:crypto'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { startTestGateway, tempStateDir, type TestGateway } from '../helpers/gateway.ts'
import { TestClient } from '../helpers/client.ts'
import { nodeTransport } from '../../src/node-host/transport.ts'

let gw: TestGateway
let stateDir: string
let fingerprint: string
beforeAll(async () => {
  if (!Bun.which('openssl')) return
  stateDir = tempStateDir()
  const certPath = join(stateDir, 'tls', 'gateway-cert.pem')
  gw = await startTestGateway({ stateDir, settings: { tls: { certPath, keyPath: join(stateDir, 'tls', 'gateway-key.pem'), autoGenerate: true } } })
  fingerprint = new X509Certificate(readFileSync(certPath)).fingerprint256
})
afterAll(async () => {
  await gw?.stop()
  if (stateDir) rmSync(stateDir, { recursive: true, force: true })
})

describe.skipIf(!Bun.which('openssl'))('canvas over TLS', () => {
  test('a wss:// gateway advertises an https:// canvas URL', async () => {
    const c = await TestClient.open(gw.url, undefined, { rejectUnauthorized: false })
    await c.sendConnect({ token: gw.token })
    expect(c.hello!.pluginSurfaceUrls.canvas).toBe(`https://127.0.0.1:${gw.port}/__openclaw__/canvas/`)
    c.close()
  })

  test("the node host's canvas client trusts the pinned certificate, and only with the pin", async () => {
    const pinned = nodeTransport({ host: '127.0.0.1', port: gw.port, secure: true, fingerprint, token: () => gw.token })
    const page = await pinned.canvas.read('index.html')
    expect(page.status).toBe(200)
    const unpinned = nodeTransport({ host: '127.0.0.1', port: gw.port, secure: true, token: () => gw.token })
    await expect(unpinned.canvas.read('index.html')).rejects.toThrow()
    const wrong = nodeTransport({ host: '127.0.0.1', port: gw.port, secure: true, fingerprint: 'AA'.repeat(32), token: () => gw.token })
    await expect(wrong.canvas.write('x.txt', new TextEncoder().encode('x'))).rejects.toThrow('does not match')
  })
})
