/**
 * Answers the original `openclaw` CLI (2026.9.6) reads beyond what its own command checks: each case
 * is a field the CLI failed on against this gateway (it cannot run in CI: it needs Node 24 and 650 MB;
 * /work/shared/interop/ runs it for real).
 */
import { afterEach, expect, test } from 'bun:test'
import { operator, startAgentGateway, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'
import type { TestClient } from '../helpers/client.ts'
import type { TestGateway } from '../helpers/gateway.ts'

let gw: TestGateway | undefined
let fake: FakeModelServer | undefined
let c: TestClient | undefined
afterEach(async () => {
  c?.close()
  await gw?.stop()
  await fake?.stop()
  gw = fake = c = undefined
})

test('status lists each agent\'s heartbeat: `openclaw status` replaces its own summary with it and reads heartbeat.agents', async () => {
  fake = startFakeModelServer('openai')
  gw = await startAgentGateway({ fake, config: { agents: { defaults: { heartbeat: { every: '45m' } }, entries: { main: {}, ops: { heartbeat: { every: '0m' } } } } } })
  c = await operator(gw)
  const { heartbeat } = await c.call('status', { includeChannelSummary: false })
  expect(heartbeat.defaultAgentId).toBe('main')
  expect(heartbeat.agents).toEqual([
    { agentId: 'main', enabled: true, every: '45m', everyMs: 45 * 60_000 },
    { agentId: 'ops', enabled: false, every: '0m', everyMs: 0 },
  ])
})
