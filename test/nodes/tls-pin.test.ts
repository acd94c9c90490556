import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pinnedTls } from '../../src/node-host/tls-pin.ts'

// `--tls-fingerprint`: a self-signed gateway certificate, pinned by its SHA-256 fingerprint.
const hasOpenssl = Bun.which('openssl') !== null
let dir: string
const servers: ReturnType<typeof Bun.serve>[] = []

function selfSigned(name: string): { cert: string; key: string } {
  const key = join(dir, `${name}.key`)
  const cert = join(dir, `${name}.pem`)
  Bun.spawnSync(['openssl', 'req', '-x509', '-newkey', 'ed25519', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${name}`])
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') }
}

function serveTls(tls: { cert: string; key: string }) {
  const server = Bun.serve({
    hostname: '127.0.0.1', port: 0, tls,
    fetch: (req, srv) => (srv.upgrade(req) ? undefined : new Response('no')),
    websocket: { open: (ws) => void ws.send('hello'), message() {} },
  })
  servers.push(server)
  return server
}

function firstMessage(url: string, tls: unknown): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { tls } as never)
    ws.onmessage = (e) => (resolve(String(e.data)), ws.close())
    ws.onerror = () => resolve('error')
  })
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'openclaw-tls-'))
})
afterAll(() => {
  for (const s of servers) s.stop(true)
  rmSync(dir, { recursive: true, force: true })
})

describe.skipIf(!hasOpenssl)('TLS fingerprint pinning', () => {
  test('connects to the pinned certificate and refuses any other', async () => {
    const good = selfSigned('gateway')
    const server = serveTls(good)
    const fingerprint = new X509Certificate(good.cert).fingerprint256
    const tls = await pinnedTls('127.0.0.1', server.port!, fingerprint.toLowerCase().replaceAll(':', ''))
    expect(await firstMessage(`wss://127.0.0.1:${server.port}`, tls)).toBe('hello')

    await expect(pinnedTls('127.0.0.1', server.port!, `sha256:${'00'.repeat(32)}`)).rejects.toThrow('does not match')
    // The options trust only the pinned certificate: another server with its own certificate is refused.
    const impostor = serveTls(selfSigned('impostor'))
    expect(await firstMessage(`wss://127.0.0.1:${impostor.port}`, tls)).toBe('error')
  })
})
