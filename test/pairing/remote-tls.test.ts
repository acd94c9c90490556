import { afterEach, describe, expect, test } from 'bun:test'
import { X509Certificate } from 'node:crypto'
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ClientError, GatewayClient } from '../../src/cli/gateway-client.ts'
import { ConfigError } from '../../src/config/load-config.ts'
import { resolveSettings } from '../../src/config/settings.ts'
import { GatewayStartError } from '../../src/gateway/server.ts'
import { ENTRY, spawnGateway, startTestGateway, tempStateDir, type SpawnedGateway, type TestGateway } from '../helpers/gateway.ts'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function tlsGateway(stateDir = tempStateDir()): Promise<{ gw: TestGateway; certPath: string; keyPath: string; stateDir: string }> {
  const certPath = join(stateDir, 'tls', 'gateway-cert.pem')
  const keyPath = join(stateDir, 'tls', 'gateway-key.pem')
  const gw = await startTestGateway({ stateDir, settings: { tls: { certPath, keyPath, autoGenerate: true } } })
  cleanups.push(() => gw.stop())
  cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }))
  return { gw, certPath, keyPath, stateDir }
}

const fingerprintOf = (certPath: string) => new X509Certificate(readFileSync(certPath)).fingerprint256

async function failure(promise: Promise<unknown>): Promise<ClientError> {
  const err = await promise.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(ClientError)
  return err as ClientError
}

describe.skipIf(!Bun.which('openssl'))('TLS with a generated self-signed certificate', () => {
  test('serves wss://, keeps the key private, and a client pinned to the fingerprint connects', async () => {
    const { gw, certPath, keyPath } = await tlsGateway()
    expect(gw.url).toStartWith('wss://127.0.0.1:')
    expect(statSync(keyPath).mode & 0o777).toBe(0o600)
    const client = await GatewayClient.connect({ url: gw.url, token: gw.token, tlsFingerprint: fingerprintOf(certPath).toLowerCase() })
    expect(((await client.request('health')) as { ok: boolean }).ok).toBe(true)
    client.close()
  })

  test('a wrong pin is refused before any credential is sent; no pin means no trust', async () => {
    const { gw } = await tlsGateway()
    const wrong = await failure(GatewayClient.connect({ url: gw.url, token: gw.token, tlsFingerprint: 'AA'.repeat(32) }))
    expect(wrong.kind).toBe('unauthorized')
    const unpinned = await failure(GatewayClient.connect({ url: gw.url, token: gw.token, timeoutMs: 3000 }))
    expect(unpinned.kind).toBe('unreachable')
  })

  test('a restart reuses the certificate, so pins stay valid', async () => {
    const first = await tlsGateway()
    const pinned = fingerprintOf(first.certPath)
    await first.gw.stop()
    const second = await startTestGateway({ stateDir: first.stateDir, settings: { tls: { certPath: first.certPath, keyPath: first.keyPath, autoGenerate: true } } })
    cleanups.push(() => second.stop())
    expect(fingerprintOf(first.certPath)).toBe(pinned)
    const client = await GatewayClient.connect({ url: second.url, token: second.token, tlsFingerprint: pinned })
    client.close()
  })

  test('half a pair is refused at start rather than overwritten', async () => {
    const stateDir = tempStateDir()
    cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }))
    const certPath = join(stateDir, 'cert.pem')
    writeFileSync(certPath, 'not a certificate')
    const started = startTestGateway({ stateDir, settings: { tls: { certPath, keyPath: join(stateDir, 'key.pem'), autoGenerate: true } } })
    expect(await started.then(() => undefined, (e: unknown) => e)).toBeInstanceOf(GatewayStartError)
    expect(readFileSync(certPath, 'utf8')).toBe('not a certificate')
  })

  test('gateway --tls-cert/--tls-key logs the fingerprint; the CLI pins it over wss://', async () => {
    const { certPath, keyPath, gw } = await tlsGateway()
    await gw.stop()
    const stateDir = tempStateDir()
    cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }))
    const spawned: SpawnedGateway = await spawnGateway({ stateDir, args: ['--token', 'tls-token', '--tls-cert', certPath, '--tls-key', keyPath] })
    cleanups.push(() => spawned.proc.kill())
    expect(spawned.url).toStartWith('wss://')
    const fingerprint = fingerprintOf(certPath)
    while (!spawned.output().includes('fingerprint')) await Bun.sleep(10)
    expect(spawned.output()).toContain(`SHA-256 fingerprint: ${fingerprint}`)
    const cli = Bun.spawn([process.execPath, ENTRY, 'devices', 'list', '--url', spawned.url, '--token', 'tls-token', '--tls-fingerprint', fingerprint, '--json'], {
      env: { ...process.env, OPENCLAW_STATE_DIR: stateDir },
      stdout: 'pipe',
      stderr: 'pipe',
    })
    const out = await new Response(cli.stdout).text()
    expect(await cli.exited).toBe(0)
    expect(JSON.parse(out)).toEqual({ pending: [], paired: [] })
  })
})

test('--tls-cert without --tls-key is a config error', () => {
  const loaded = { path: 'x.json', exists: false, config: {}, unsupportedKeys: [] }
  expect(() => resolveSettings(loaded, { token: 't', tlsCert: '/tmp/c.pem' }, '/tmp/state', {})).toThrow(ConfigError)
  const tls = resolveSettings({ ...loaded, config: { gateway: { tls: { enabled: true } } } }, { token: 't' }, '/tmp/state', {}).tls
  expect(tls).toEqual({ certPath: '/tmp/state/tls/gateway-cert.pem', keyPath: '/tmp/state/tls/gateway-key.pem', autoGenerate: true })
  expect(existsSync('/tmp/state/tls/gateway-cert.pem')).toBe(false)
})
