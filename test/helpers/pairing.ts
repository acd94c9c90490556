/** Shortcuts for pairing tests: an operator on loopback, and remote devices behind a trusted proxy. */
import { expect } from 'bun:test'
import { TestClient, type ConnectOptions, type Frame } from './client.ts'
import type { DeviceIdentity } from './device.ts'
import type { TestGateway } from './gateway.ts'

export const ALL_OPERATOR_SCOPES = ['operator.admin', 'operator.read', 'operator.write', 'operator.approvals', 'operator.pairing']

/** The local CLI: shared token, no device, keeps the scopes it asks for. */
export async function connectOperator(gw: TestGateway, scopes = ALL_OPERATOR_SCOPES): Promise<TestClient> {
  const c = await TestClient.connect(gw.url, { token: gw.token, scopes })
  expect(c.hello).toBeDefined()
  return c
}

/** A client whose connection arrives through the loopback reverse proxy from `ip` (needs trustedProxies 127.0.0.1). */
export async function connectViaProxy(gw: TestGateway, ip: string, opts: ConnectOptions): Promise<{ client: TestClient; res: Frame }> {
  const client = await TestClient.open(gw.url, { 'X-Forwarded-For': ip })
  const res = await client.sendConnect(opts)
  return { client, res }
}

/** Connects a remote device that is not approved yet and returns the request id it was given. */
export async function requestRemotePairing(gw: TestGateway, device: DeviceIdentity, ip: string, opts: ConnectOptions = {}): Promise<string> {
  const { client, res } = await connectViaProxy(gw, ip, { token: gw.token, device, scopes: ['operator.read'], ...opts })
  expect(res.ok).toBe(false)
  expect(res.error.code).toBe('NOT_PAIRED')
  expect(res.error.details.code).toBe('PAIRING_REQUIRED')
  await client.closed
  return res.error.details.requestId
}

/** Pairs a remote device through the real flow (request, operator approval) and returns its device token. */
export async function pairRemoteDevice(
  gw: TestGateway,
  operator: TestClient,
  device: DeviceIdentity,
  ip: string,
  opts: ConnectOptions = {},
): Promise<string> {
  const requestId = await requestRemotePairing(gw, device, ip, opts)
  await operator.call('device.pair.approve', { requestId })
  const { client, res } = await connectViaProxy(gw, ip, { token: gw.token, device, scopes: ['operator.read'], ...opts })
  expect(res.ok).toBe(true)
  client.close()
  return res.payload.auth.deviceToken
}
