import { afterEach, beforeEach, expect, test } from 'bun:test'
import { createDeviceIdentity } from '../helpers/device.ts'
import { ENTRY, startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { connectViaProxy, requestRemotePairing } from '../helpers/pairing.ts'

let gw: TestGateway
beforeEach(async () => {
  gw = await startTestGateway({ settings: { trustedProxies: ['127.0.0.1'] } })
})
afterEach(() => gw.stop())

/** Runs `openclaw devices …` as a child process against the test gateway. */
async function devices(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const proc = Bun.spawn([process.execPath, ENTRY, 'devices', ...args, '--url', gw.url, '--token', gw.token], {
    env: { ...process.env, OPENCLAW_STATE_DIR: gw.stateDir },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const [out, err] = [await new Response(proc.stdout).text(), await new Response(proc.stderr).text()]
  return { code: await proc.exited, out, err }
}

// A dozen CLI processes in a row: more than the default 5 s on a loaded machine.
test('list, approve, rename, rotate, revoke and remove from the command line', async () => {
  const phone = createDeviceIdentity()
  const requestId = await requestRemotePairing(gw, phone, '192.0.2.90')

  const table = await devices('list')
  expect(table.code).toBe(0)
  expect(table.out).toContain('Pending requests (1)')
  expect(table.out).toContain(requestId)
  expect(table.out).toContain('192.0.2.90')

  const approved = await devices('approve', requestId, '--json')
  expect(approved.code).toBe(0)
  expect(JSON.parse(approved.out).device).toMatchObject({ deviceId: phone.id, roles: ['operator'] })
  const listed = JSON.parse((await devices('list', '--json')).out)
  expect(listed.paired.map((d: any) => d.deviceId)).toEqual([phone.id])

  expect((await devices('rename', phone.id, 'Work phone')).out).toContain('Work phone')
  expect((await devices('rename', '--device', phone.id, '--name', 'Phone')).code).toBe(0)
  expect(JSON.parse((await devices('list', '--json')).out).paired[0].operatorLabel).toBe('Phone')

  const { client, res } = await connectViaProxy(gw, '192.0.2.90', { token: gw.token, device: phone, scopes: ['operator.read'] })
  const live = await connectViaProxy(gw, '192.0.2.90', { deviceToken: res.payload.auth.deviceToken, device: phone, scopes: ['operator.read'] })
  client.close()
  const rotated = JSON.parse((await devices('rotate', phone.id, '--role', 'operator', '--json')).out)
  expect(rotated).toMatchObject({ deviceId: phone.id, role: 'operator', tokenDelivery: 'withheld-cross-device' })
  expect((await live.client.closed).code).toBe(4001)

  expect((await devices('revoke', phone.id, '--role', 'operator')).code).toBe(0)
  expect((await devices('remove', phone.id)).code).toBe(0)
  expect(JSON.parse((await devices('list', '--json')).out)).toEqual({ pending: [], paired: [] })
}, 20_000)

test('reject, and the exit codes of mistakes', async () => {
  const requestId = await requestRemotePairing(gw, createDeviceIdentity(), '192.0.2.91')
  const rejected = await devices('reject', requestId, '--json')
  expect(JSON.parse(rejected.out).requestId).toBe(requestId)
  const unknown = await devices('approve', requestId)
  expect(unknown.code).toBe(1)
  expect(unknown.err + unknown.out).toContain('INVALID_REQUEST')
  expect((await devices('remove')).code).toBe(2)
})
