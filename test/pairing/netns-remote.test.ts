/**
 * A real remote client: a network namespace joined to this host by a veth pair with private test
 * addresses. The gateway listens on the host end only; nothing leaves the machine. Needs root and
 * `ip netns`; skipped cleanly where either is missing.
 */
import { afterAll, afterEach, describe, expect, test } from 'bun:test'
import { TestClient } from '../helpers/client.ts'
import { createDeviceIdentity, privateKeyPem, type DeviceIdentity } from '../helpers/device.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'

const tag = process.pid % 100_000
const NS = `oc-pair-${tag}`
const HOST_IF = `ocp${tag}a`
const NS_IF = `ocp${tag}b`
const subnet = `10.213.${process.pid % 250}`
const HOST_IP = `${subnet}.1`
const NS_IP = `${subnet}.2`

const run = (...cmd: string[]) => Bun.spawnSync(cmd, { stdout: 'ignore', stderr: 'pipe' }).exitCode === 0

function setUpNamespace(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || !Bun.which('ip')) return false
  if (!run('ip', 'netns', 'add', NS)) return false
  const ok =
    run('ip', 'link', 'add', HOST_IF, 'type', 'veth', 'peer', 'name', NS_IF) &&
    run('ip', 'link', 'set', NS_IF, 'netns', NS) &&
    run('ip', 'addr', 'add', `${HOST_IP}/30`, 'dev', HOST_IF) &&
    run('ip', 'link', 'set', HOST_IF, 'up') &&
    run('ip', 'netns', 'exec', NS, 'ip', 'addr', 'add', `${NS_IP}/30`, 'dev', NS_IF) &&
    run('ip', 'netns', 'exec', NS, 'ip', 'link', 'set', NS_IF, 'up')
  if (!ok) tearDownNamespace()
  return ok
}

function tearDownNamespace(): void {
  // Deleting the namespace destroys its veth end, and with it the host end.
  run('ip', 'netns', 'del', NS)
  run('ip', 'link', 'del', HOST_IF)
}

const available = setUpNamespace()
afterAll(() => {
  if (available) tearDownNamespace()
})

let gw: TestGateway | undefined
afterEach(async () => {
  await gw?.stop()
  gw = undefined
})

/** Connects from inside the namespace as `device`; returns the connect response. */
async function connectFromNamespace(url: string, device: DeviceIdentity, auth: { token?: string; deviceToken?: string }) {
  const args = [...(auth.token ? ['--token', auth.token] : []), ...(auth.deviceToken ? ['--device-token', auth.deviceToken] : [])]
  const proc = Bun.spawn(['ip', 'netns', 'exec', NS, process.execPath, `${import.meta.dir}/fixtures/netns-client.ts`, url, ...args], {
    env: { ...process.env, DEVICE_KEY_PEM: privateKeyPem(device) },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const [out, err, code] = [await new Response(proc.stdout).text(), await new Response(proc.stderr).text(), await proc.exited]
  if (code !== 0) throw new Error(`namespace client failed (${code}): ${err}`)
  return JSON.parse(out.trim().split('\n').pop()!)
}

describe.skipIf(!available)('a client in another network namespace', () => {
  test('must be approved explicitly, then connects with its device token', async () => {
    gw = await startTestGateway({ settings: { host: HOST_IP, ownTailnetAddresses: [HOST_IP] } })
    const device = createDeviceIdentity()
    const first = await connectFromNamespace(gw.url, device, { token: gw.token })
    expect(first.error.details).toMatchObject({ code: 'PAIRING_REQUIRED', reason: 'not-paired', deviceId: device.id })

    // The operator reaches the gateway through the host's own (trusted) address: local.
    const operator = await TestClient.connect(gw.url, { token: gw.token })
    const pending = (await operator.call('device.pair.list')).pending
    expect(pending).toMatchObject([{ deviceId: device.id, remoteIp: NS_IP }])
    await operator.call('device.pair.approve', { requestId: first.error.details.requestId })

    const second = await connectFromNamespace(gw.url, device, { token: gw.token })
    expect(second.ok).toBe(true)
    const third = await connectFromNamespace(gw.url, device, { deviceToken: second.payload.auth.deviceToken })
    expect(third.payload.auth.method).toBe('device-token')
    operator.close()
  })

  test('gateway auth still applies to a remote device', async () => {
    gw = await startTestGateway({ settings: { host: HOST_IP } })
    const res = await connectFromNamespace(gw.url, createDeviceIdentity(), { token: 'wrong' })
    expect(res.error.details.code).toBe('AUTH_TOKEN_MISMATCH')
  })

  test("the host's own address counts as local only with trustOwnTailnet", async () => {
    gw = await startTestGateway({ settings: { host: HOST_IP, ownTailnetAddresses: [HOST_IP] } })
    const trusted = await TestClient.connect(gw.url, { token: gw.token, device: createDeviceIdentity(), scopes: ['operator.read'] })
    expect(trusted.hello?.auth.deviceToken).toBeString()
    trusted.close()
    await gw.stop()

    gw = await startTestGateway({ settings: { host: HOST_IP, ownTailnetAddresses: [] } })
    const untrusted = await TestClient.open(gw.url)
    const res = await untrusted.sendConnect({ token: gw.token, device: createDeviceIdentity(), scopes: ['operator.read'] })
    expect(res.error.details.code).toBe('PAIRING_REQUIRED')
  })
})
