import { afterEach, expect, test } from 'bun:test'
import { TestClient } from '../helpers/client.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { operator } from '../helpers/agent.ts'

let gw: TestGateway | undefined
let c: TestClient | undefined
afterEach(async () => {
  c?.close()
  await gw?.stop()
  gw = c = undefined
})

test('system.info describes the host and this process; diagnostics.lanes is empty when nothing runs', async () => {
  gw = await startTestGateway()
  c = await operator(gw)
  const info = await c.call('system.info', {})
  expect(info).toMatchObject({ pid: process.pid, port: gw.port, platform: process.platform, bunVersion: Bun.version, diskPath: gw.stateDir })
  expect(info.processInstanceId).toBe(c.hello!.server.bootId)
  expect(info.memoryTotalBytes).toBeGreaterThan(info.memoryFreeBytes)
  expect(info.disks[0]).toMatchObject({ path: gw.stateDir, totalBytes: expect.any(Number) })
  expect(info.loadAverage).toHaveLength(3)
  expect(await c.call('diagnostics.lanes', {})).toEqual({ ts: expect.any(Number), lanes: [] })
})

test('exec.approvals.get: the gateway host runs nothing, so its read-only policy is deny with no rules; a read-only caller is refused', async () => {
  gw = await startTestGateway()
  c = await operator(gw)
  expect(await c.call('exec.approvals.get', {})).toEqual({ enabled: true, hash: expect.stringMatching(/^[0-9a-f]{64}$/), defaultAction: 'deny', rules: [] })
  const reader = await TestClient.connect(gw.url, { token: gw.token, scopes: ['operator.read'] })
  expect((await reader.request('exec.approvals.get', {})).error.code).toBe('FORBIDDEN')
  reader.close()
})
