// cron.list / cron.runs as the Control UI's Automations page calls them, and its editor's add/update.
import { afterEach, expect, test } from 'bun:test'
import { resolveAgentSettings } from '../../src/config/agent-settings.ts'
import type { TestClient } from '../helpers/client.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { agentConfig, operator, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'

let gw: TestGateway | undefined
let fake: FakeModelServer | undefined
let c: TestClient | undefined
afterEach(async () => {
  c?.close()
  await gw?.stop()
  await fake?.stop()
  gw = fake = c = undefined
})

async function start(): Promise<TestClient> {
  fake = startFakeModelServer('openai')
  const agent = resolveAgentSettings(agentConfig(fake, 'openai', { agents: { defaults: { heartbeat: { every: '0m' } } } }), {})
  gw = await startTestGateway({ settings: { agent } })
  c = await operator(gw)
  return c
}

// What the editor sends for a new automation with its defaults (captured from the Control UI).
const editorAdd = (name: string, schedule: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name, description: '', enabled: true, sessionTarget: 'isolated', wakeMode: 'now', delivery: { mode: 'none' },
  schedule, payload: { kind: 'agentTurn', message: `run ${name}` }, ...extra,
})
// Schedules whose next times are minutes, a month or more, and years away, so none runs during a test.
const soon = { kind: 'cron', expr: '*/5 * * * *' }
const newYear = { kind: 'cron', expr: '0 0 1 1 *' }
const leapDay = { kind: 'cron', expr: '0 9 29 2 *' }

const tableParams = { agentId: 'main', includeDisabled: true, includeDeliveryPreviews: false, limit: 50, offset: 0, enabled: 'all', scheduleKind: 'all', lastRunStatus: 'all', trigger: 'all', sortBy: 'nextRunAtMs', sortDir: 'asc' }

test('the Automations table: filters, sorting and paging with the UI params, compact rows with null for never', async () => {
  const c = await start()
  const hourly = await c.call('cron.add', editorAdd('Hourly report', soon))
  const daily = await c.call('cron.add', editorAdd('Daily digest', newYear))
  const paused = await c.call('cron.add', { ...editorAdd('Paused cleanup', { kind: 'every', everyMs: 60_000 }), enabled: false })
  await c.call('cron.add', { name: 'at nine', schedule: leapDay, payload: { kind: 'systemEvent', text: 'nine' } })
  expect(hourly).toMatchObject({ name: 'Hourly report', configRevision: expect.stringMatching(/^sha256:/) })
  expect(hourly.description).toBeUndefined()

  const all = await c.call('cron.list', tableParams)
  expect(all).toMatchObject({ total: 4, offset: 0, limit: 50, hasMore: false, nextOffset: null, snapshotRevision: expect.stringMatching(/^sha256:/) })
  // Soonest first; the disabled job has no next run and sorts last.
  expect(all.jobs.map((j: any) => j.name)).toEqual(['Hourly report', 'Daily digest', 'at nine', 'Paused cleanup'])
  expect(all.jobs[0]).toMatchObject({ effectiveAgentId: 'main', payload: { kind: 'agentTurn' } })

  const byName = await c.call('cron.list', { ...tableParams, sortBy: 'name', sortDir: 'desc' })
  expect(byName.jobs.map((j: any) => j.name)).toEqual(['Paused cleanup', 'Hourly report', 'Daily digest', 'at nine'])
  expect((await c.call('cron.list', { ...tableParams, enabled: 'disabled', includeDisabled: false })).jobs.map((j: any) => j.id)).toEqual([paused.id])
  expect((await c.call('cron.list', { ...tableParams, scheduleKind: 'every' })).jobs.map((j: any) => j.id)).toEqual([paused.id])
  expect((await c.call('cron.list', { ...tableParams, lastRunStatus: 'unknown' })).total).toBe(4)
  expect((await c.call('cron.list', { ...tableParams, lastRunStatus: 'ok' })).total).toBe(0)
  expect((await c.call('cron.list', { ...tableParams, trigger: 'conditional' })).total).toBe(0)
  expect((await c.call('cron.list', { ...tableParams, query: 'DIGEST' })).jobs.map((j: any) => j.id)).toEqual([daily.id])
  expect((await c.call('cron.list', { ...tableParams, agentId: 'other' })).total).toBe(0)
  // Without `enabled`, includeDisabled decides.
  expect((await c.call('cron.list', {})).total).toBe(3)

  const first = await c.call('cron.list', { ...tableParams, limit: 3 })
  expect(first).toMatchObject({ total: 4, hasMore: true, nextOffset: 3 })
  const second = await c.call('cron.list', { ...tableParams, limit: 3, offset: 3 })
  expect(second).toMatchObject({ total: 4, offset: 3, hasMore: false, nextOffset: null, snapshotRevision: first.snapshotRevision })
  expect([...first.jobs, ...second.jobs].map((j: any) => j.id).sort()).toEqual(all.jobs.map((j: any) => j.id).sort())

  const compact = await c.call('cron.list', { agentId: 'main', includeDisabled: true, includeDeliveryPreviews: false, compact: true, limit: 50, offset: 0, enabled: 'all', sortBy: 'nextRunAtMs', sortDir: 'asc' })
  const row = compact.jobs.find((j: any) => j.id === paused.id)
  expect(row).toEqual({
    id: paused.id, name: 'Paused cleanup', effectiveAgentId: 'main', enabled: false, updatedAtMs: paused.updatedAtMs, scheduleKind: 'every',
    schedule: { kind: 'every', everyMs: 60_000, anchorMs: paused.createdAtMs }, nextRunAt: null, nextRunAtMs: null, lastRunAt: null, lastRunAtMs: null, lastRunStatus: null, lastRunError: null,
  })
  expect(compact.jobs[0].nextRunAt).toBe(new Date(compact.jobs[0].nextRunAtMs).toISOString())
})

test('the editor: toggling and editing with expectedConfigRevision, null clears, a stale revision is CRON_JOB_CHANGED', async () => {
  const c = await start()
  const job = await c.call('cron.add', editorAdd('Edit me', newYear, { sessionKey: 'agent:main:main', payload: { kind: 'agentTurn', message: 'hi', model: 'fake/fake-1' } }))
  const toggled = await c.call('cron.update', { id: job.id, expectedConfigRevision: job.configRevision, patch: { enabled: false } })
  expect(toggled.enabled).toBe(false)
  expect(toggled.configRevision).not.toBe(job.configRevision)

  const stale = await c.request('cron.update', { id: job.id, expectedConfigRevision: job.configRevision, patch: { enabled: true } })
  expect(stale.error).toMatchObject({ code: 'INVALID_REQUEST', details: { code: 'CRON_JOB_CHANGED' } })

  const edited = await c.call('cron.update', {
    id: job.id, expectedConfigRevision: toggled.configRevision,
    patch: { name: 'Edited', description: 'now described', sessionKey: null, delivery: { mode: 'none' }, payload: { kind: 'agentTurn', message: 'hello', model: null } },
  })
  expect(edited).toMatchObject({ name: 'Edited', description: 'now described', payload: { kind: 'agentTurn', message: 'hello' } })
  expect(edited.sessionKey).toBeUndefined()
  expect(edited.payload.model).toBeUndefined()
  expect(await c.call('cron.get', { id: job.id })).toEqual(edited)

  // Announcing to a chat is kept on the job (test/interop/original-cli.test.ts runs it); a webhook does not exist here: refused, not silently dropped.
  const announce = await c.call('cron.add', editorAdd('Announce', newYear, { delivery: { mode: 'announce', channel: 'telegram', to: '555' } }))
  expect(announce.delivery).toEqual({ mode: 'announce', channel: 'telegram', to: '555' })
  const webhook = await c.request('cron.add', editorAdd('Webhook', newYear, { delivery: { mode: 'webhook', to: 'https://example.com/hook' } }))
  expect(webhook.error.code).toBe('INVALID_REQUEST')
})

test('the run history: finished runs across jobs with the UI params, newest first, status and query filters', async () => {
  const c = await start()
  fake!.script({ kind: 'text', chunks: ['first done'] }, { kind: 'text', chunks: ['second done'] })
  const a = await c.call('cron.add', editorAdd('Alpha', newYear))
  const b = await c.call('cron.add', editorAdd('Beta', newYear))
  for (const job of [a, b]) {
    const done = c.waitFor((f) => f.event === 'cron' && f.payload.jobId === job.id && f.payload.action === 'finished', 5000)
    await c.call('cron.run', { id: job.id })
    await done
  }
  const runs = await c.call('cron.runs', { agentId: 'main', scope: 'all', limit: 50, offset: 0, status: 'all', sortDir: 'desc' })
  expect(runs).toMatchObject({ total: 2, hasMore: false, nextOffset: null })
  expect(runs.entries.map((e: any) => e.jobName)).toEqual(['Beta', 'Alpha'])
  expect(runs.entries[0]).toMatchObject({ action: 'finished', jobId: b.id, status: 'ok', summary: 'second done', trigger: 'manual' })
  expect(runs.entries[0].ts).toBeGreaterThanOrEqual(runs.entries[0].runAtMs)
  expect((await c.call('cron.runs', { scope: 'all', sortDir: 'asc' })).entries.map((e: any) => e.jobName)).toEqual(['Alpha', 'Beta'])
  expect((await c.call('cron.runs', { scope: 'all', statuses: ['error'] })).total).toBe(0)
  expect((await c.call('cron.runs', { scope: 'all', query: 'first' })).entries.map((e: any) => e.jobId)).toEqual([a.id])
  expect((await c.call('cron.runs', { scope: 'job', id: a.id })).total).toBe(1)
  expect((await c.call('cron.runs', { scope: 'all', deliveryStatuses: ['delivered'] })).total).toBe(0)
  expect((await c.request('cron.runs', { scope: 'job' })).error.code).toBe('INVALID_REQUEST')
})
