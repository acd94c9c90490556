// Token usage as the providers report it, stored per run and read back by sessions.usage and the cron run log.
import { afterEach, expect, test } from 'bun:test'
import type { TestClient } from '../helpers/client.ts'
import type { TestGateway } from '../helpers/gateway.ts'
import { chatEnded, operator, runEvents, startAgentGateway, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'

let gw: TestGateway | undefined
let fake: FakeModelServer | undefined
let c: TestClient | undefined
afterEach(async () => {
  c?.close()
  await gw?.stop()
  await fake?.stop()
  gw = fake = c = undefined
})

async function start(dialect: 'openai' | 'anthropic'): Promise<TestClient> {
  fake = startFakeModelServer(dialect)
  gw = await startAgentGateway({ fake, dialect, config: { agents: { defaults: { heartbeat: { every: '0m' } } } } })
  c = await operator(gw)
  return c
}

async function chat(c: TestClient, sessionKey: string, message: string, runId: string): Promise<void> {
  await c.call('chat.send', { sessionKey, message, idempotencyKey: runId })
  await runEvents(c, runId, chatEnded)
}

const today = () => new Date().toISOString().slice(0, 10)
// What the Usage page sends (captured from the Control UI).
const pageParams = () => ({ startDate: '2026-01-01', endDate: today(), agentScope: 'all', mode: 'specific', timeZone: 'UTC', utcOffset: 'UTC+0', groupBy: 'family', limit: 1000, includeContextWeight: false })

test('OpenAI usage over a tool round is summed per run and shown per session, model and day', async () => {
  const c = await start('openai')
  fake!.script(
    { kind: 'tool', name: 'canvas', args: { action: 'hide' }, usage: { input: 100, output: 20, cacheRead: 40 } },
    { kind: 'text', chunks: ['done'], usage: { input: 150, output: 30 } },
    { kind: 'text', chunks: ['again'], usage: { input: 7, output: 3 } },
  )
  await chat(c, 'main', 'draw something', 'run-1')
  await chat(c, 'main', 'once more', 'run-2')

  const result = await c.call('sessions.usage', pageParams())
  expect(result.sessions).toHaveLength(1)
  const row = result.sessions[0]
  expect(row).toMatchObject({ key: 'agent:main:main', agentId: 'main', modelProvider: 'fake', model: 'fake-1' })
  expect(row.usage).toMatchObject({
    input: 257, output: 53, cacheRead: 40, cacheWrite: 0, totalTokens: 350, totalCost: 0, missingCostEntries: 2,
    messageCounts: { total: 5, user: 2, assistant: 3, toolCalls: 1, toolResults: 1, errors: 0 },
    toolUsage: { totalCalls: 1, uniqueTools: 1, tools: [{ name: 'canvas', count: 1 }] },
    modelUsage: [{ provider: 'fake', model: 'fake-1', count: 2, totals: expect.objectContaining({ totalTokens: 350 }) }],
    activityDates: [today()],
    dailyBreakdown: [expect.objectContaining({ date: today(), tokens: 350 })],
  })
  expect(result.totals).toMatchObject({ input: 257, output: 53, cacheRead: 40, totalTokens: 350 })
  expect(result.aggregates).toMatchObject({
    sessionCount: 1,
    byModel: [{ provider: 'fake', model: 'fake-1', count: 2 }],
    byAgent: [{ agentId: 'main', totals: expect.objectContaining({ totalTokens: 350 }) }],
    daily: [{ date: today(), tokens: 350, cost: 0, messages: 5, toolCalls: 1, errors: 0 }],
  })
  // A window before the runs holds nothing.
  const before = await c.call('sessions.usage', { ...pageParams(), startDate: '2026-01-01', endDate: '2026-01-02' })
  expect(before.sessions).toEqual([])
  expect(before.totals.totalTokens).toBe(0)
  expect(await c.call('usage.status', {})).toEqual({ updatedAt: expect.any(Number), providers: [] })
})

test('Anthropic usage (message_start input with cache tokens, message_delta output) is stored as reported', async () => {
  const c = await start('anthropic')
  fake!.script({ kind: 'text', chunks: ['hi'], usage: { input: 12, output: 5, cacheRead: 300, cacheWrite: 60 } })
  await chat(c, 'main', 'hello', 'run-a')
  const row = (await c.call('sessions.usage', { key: 'agent:main:main' })).sessions[0]
  expect(row.usage).toMatchObject({ input: 12, output: 5, cacheRead: 300, cacheWrite: 60, totalTokens: 377 })
})

test('the cron run log carries the run\'s model and tokens', async () => {
  const c = await start('openai')
  fake!.script({ kind: 'text', chunks: ['report ready'], usage: { input: 50, output: 9 } })
  const job = await c.call('cron.add', { name: 'report', enabled: false, schedule: { kind: 'cron', expr: '0 0 1 1 *' }, payload: { kind: 'agentTurn', message: 'write the report' } })
  const finished = c.waitFor((f) => f.event === 'cron' && f.payload.jobId === job.id && f.payload.action === 'finished', 5000)
  await c.call('cron.run', { id: job.id })
  await finished
  const [entry] = (await c.call('cron.runs', { scope: 'all' })).entries
  expect(entry).toMatchObject({
    jobName: 'report', provider: 'fake', model: 'fake-1', sessionKey: `agent:main:cron:${job.id}`,
    usage: { input_tokens: 50, output_tokens: 9, total_tokens: 59, cache_read_tokens: 0, cache_write_tokens: 0 },
  })
})
