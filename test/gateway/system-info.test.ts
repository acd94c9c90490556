import { afterEach, expect, test } from 'bun:test'
import type { TestClient } from '../helpers/client.ts'
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
