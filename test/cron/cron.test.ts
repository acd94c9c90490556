import { afterEach, expect, test } from 'bun:test'
import { rmSync } from 'node:fs'
import { CRON_MIN_EVERY_MS, resolveAgentSettings } from '../../src/config/agent-settings.ts'
import type { TestClient } from '../helpers/client.ts'
import type { CronJob } from '../../src/cron/service.ts'
import { createCronStore } from '../../src/store/cron-store.ts'
import { openDatabase } from '../../src/store/db.ts'
import { startTestGateway, tempStateDir, type TestGateway } from '../helpers/gateway.ts'
import { agentConfig, operator, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'

let gw: TestGateway | undefined
let fake: FakeModelServer | undefined
let c: TestClient | undefined
const dirs: string[] = []
afterEach(async () => {
  c?.close()
  await gw?.stop()
  await fake?.stop()
  gw = fake = c = undefined
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function start(opts: { stateDir?: string; heartbeatEvery?: string; catchUpDelayMs?: number; minEveryMs?: number; agents?: { id: string; default?: boolean }[] } = {}) {
  fake ??= startFakeModelServer('openai')
  const agents = { defaults: { heartbeat: { every: opts.heartbeatEvery ?? '0m' } }, ...(opts.agents && { list: opts.agents }) }
  const agent = resolveAgentSettings(agentConfig(fake, 'openai', { agents }), {})
  agent.cron.catchUpDelayMs = opts.catchUpDelayMs ?? 0
  agent.cron.minEveryMs = opts.minEveryMs ?? 100
  gw = await startTestGateway({ settings: { agent }, stateDir: opts.stateDir, persistent: Boolean(opts.stateDir) })
  c = await operator(gw)
  return c
}

const finished = (c: TestClient, jobId: string) => c.waitFor((f) => f.event === 'cron' && f.payload.jobId === jobId && f.payload.action === 'finished', 5000)

test('an interval job runs an agent turn in its own session, with cron events and a run log', async () => {
  const c = await start()
  fake!.script({ kind: 'text', chunks: ['checked'] })
  const job = await c.call('cron.add', { name: 'check', schedule: { kind: 'every', everyMs: 150 }, payload: { kind: 'agentTurn', message: 'check things' } })
  expect(job).toMatchObject({ name: 'check', enabled: true, sessionTarget: 'isolated', wakeMode: 'now' })
  expect((await c.event('cron')).payload).toMatchObject({ jobId: job.id, action: 'added' })
  const done = await finished(c, job.id)
  expect(done.payload).toMatchObject({ status: 'ok', summary: 'checked' })
  const runs = await c.call('cron.runs', { id: job.id })
  expect(runs.entries[0]).toMatchObject({ jobId: job.id, trigger: 'schedule', status: 'ok' })
  const history = await c.call('chat.history', { sessionKey: `agent:main:cron:${job.id}` })
  expect(history.messages[0].content[0].text).toBe('check things')
  const got = await c.call('cron.get', { jobId: job.id })
  expect(got.lastRunStatus).toBe('ok')
  expect(got.nextRunAtMs).toBeGreaterThan(got.lastRunAtMs)
  await c.call('cron.update', { id: job.id, patch: { enabled: false } })
  expect((await c.call('cron.list', {})).jobs).toEqual([])
  expect((await c.call('cron.list', { includeDisabled: true })).total).toBe(1)
  expect(await c.call('cron.remove', { id: job.id })).toEqual({ removed: true, id: job.id })
  const status = await c.call('cron.status', {})
  expect(status).toMatchObject({ enabled: true, storage: 'sqlite', jobs: 0, nextWakeAtMs: null })
})

test('an interval job first runs one interval after it is created, not at once, counted from its stored anchor', async () => {
  const c = await start()
  fake!.script({ kind: 'text', chunks: ['later'] })
  const job = await c.call('cron.add', { name: 'later', schedule: { kind: 'every', everyMs: 400 }, payload: { kind: 'agentTurn', message: 'later' } })
  expect(job.schedule).toEqual({ kind: 'every', everyMs: 400, anchorMs: job.createdAtMs })
  expect(job.nextRunAtMs).toBe(job.createdAtMs + 400)
  const done = await finished(c, job.id)
  expect(done.payload.runAtMs).toBeGreaterThanOrEqual(job.createdAtMs + 400)
  // The same interval keeps its anchor; a new one counts from the edit.
  const same = await c.call('cron.update', { id: job.id, patch: { schedule: { kind: 'every', everyMs: 400 } } })
  expect(same.schedule.anchorMs).toBe(job.createdAtMs)
  const longer = await c.call('cron.update', { id: job.id, patch: { schedule: { kind: 'every', everyMs: 60_000 } } })
  expect(longer.schedule.anchorMs).toBe(longer.updatedAtMs)
  expect(longer.nextRunAtMs).toBe(longer.updatedAtMs + 60_000)
})

test("a job runs as its own agent, else the configured default agent, never an assumed 'main'", async () => {
  const c = await start({ agents: [{ id: 'main' }, { id: 'ops', default: true }] })
  fake!.script({ kind: 'text', chunks: ['isolated'] }, { kind: 'text', chunks: ['pinned'] }, { kind: 'text', chunks: ['Disk is full.'] })
  const later = { kind: 'at', at: new Date(Date.now() + 86_400_000).toISOString() }
  const isolated = await c.call('cron.add', { name: 'iso', schedule: later, payload: { kind: 'agentTurn', message: 'isolated turn' } })
  await c.call('cron.run', { id: isolated.id })
  expect((await finished(c, isolated.id)).payload.status).toBe('ok')
  const isoHistory = await c.call('chat.history', { sessionKey: `agent:ops:cron:${isolated.id}` })
  expect(isoHistory.messages[0].content[0].text).toBe('isolated turn')
  const pinned = await c.call('cron.add', { name: 'pin', agentId: 'main', sessionTarget: 'session:brief', schedule: later, payload: { kind: 'agentTurn', message: 'pinned turn' } })
  await c.call('cron.run', { id: pinned.id })
  expect((await finished(c, pinned.id)).payload.status).toBe('ok')
  expect((await c.call('chat.history', { sessionKey: 'agent:main:brief' })).messages[0].content[0].text).toBe('pinned turn')
  // A system event wakes the owning agent's heartbeat, in that agent's main session.
  const event = await c.call('cron.add', { name: 'ev', schedule: later, payload: { kind: 'systemEvent', text: 'check the disk' } })
  await c.call('cron.run', { id: event.id })
  expect((await finished(c, event.id)).payload.status).toBe('ok')
  const opsMain = await c.call('chat.history', { sessionKey: 'agent:ops:main' })
  expect(opsMain.messages[0].content[0].text).toContain('- check the disk')
})

test('an absurdly short interval is refused: every job runs at most twice a minute', async () => {
  const c = await start({ minEveryMs: CRON_MIN_EVERY_MS })
  const tight = await c.request('cron.add', { name: 'x', schedule: { kind: 'every', everyMs: 1 }, payload: { kind: 'systemEvent', text: 't' } })
  expect(tight.error.details.code).toBe('CRON_INVALID_SCHEDULE')
  expect(tight.error.message).toContain('at least 30000')
  const job = await c.call('cron.add', { name: 'x', schedule: { kind: 'every', everyMs: CRON_MIN_EVERY_MS }, payload: { kind: 'systemEvent', text: 't' } })
  const patched = await c.request('cron.update', { id: job.id, patch: { schedule: { kind: 'every', everyMs: 5 } } })
  expect(patched.error.details.code).toBe('CRON_INVALID_SCHEDULE')
})

test("a one-shot whose time has passed is refused, as the original does, instead of running at once", async () => {
  const c = await start()
  const at = (offsetMs: number) => ({ kind: 'at', at: new Date(Date.now() + offsetMs).toISOString() })
  const past = await c.request('cron.add', { name: 'late', schedule: at(-10 * 60_000), payload: { kind: 'agentTurn', message: 'too late' } })
  expect(past.error).toMatchObject({ code: 'INVALID_REQUEST', details: { code: 'CRON_INVALID_SCHEDULE' } })
  expect(past.error.message).toContain('in the past')
  const far = await c.request('cron.add', { name: 'far', schedule: at(11 * 365 * 86_400_000), payload: { kind: 'agentTurn', message: 'too far' } })
  expect(far.error.details.code).toBe('CRON_INVALID_SCHEDULE')
  expect((await c.call('cron.list', {})).jobs).toEqual([])
  expect(fake!.requests).toEqual([])
  // An edit to a time already past is refused the same way; the job keeps its schedule.
  const job = await c.call('cron.add', { name: 'soon', schedule: at(3_600_000), payload: { kind: 'agentTurn', message: 'later' } })
  const edited = await c.request('cron.update', { id: job.id, patch: { schedule: at(-10 * 60_000) } })
  expect(edited.error.details.code).toBe('CRON_INVALID_SCHEDULE')
  expect((await c.call('cron.get', { id: job.id })).schedule).toEqual(job.schedule)
  // Within a minute's grace (a clock a little behind) it is accepted, and due at once.
  const grace = await c.call('cron.add', { name: 'now', schedule: at(-20_000), payload: { kind: 'agentTurn', message: 'just now' } })
  expect((await finished(c, grace.id)).payload.status).toBe('ok')
})

test('bad schedules and unknown jobs get typed errors', async () => {
  const c = await start()
  const bad = await c.request('cron.add', { name: 'x', schedule: { kind: 'cron', expr: '99 * * * *' }, payload: { kind: 'systemEvent', text: 't' } })
  expect(bad.error.details.code).toBe('CRON_INVALID_SCHEDULE')
  const tz = await c.request('cron.add', { name: 'x', schedule: { kind: 'cron', expr: '0 9 * * *', tz: 'Mars/Olympus' }, payload: { kind: 'systemEvent', text: 't' } })
  expect(tz.error.details.code).toBe('CRON_INVALID_SCHEDULE')
  const missing = await c.request('cron.remove', { id: 'nope' })
  expect(missing.error).toMatchObject({ code: 'INVALID_REQUEST', details: { code: 'CRON_JOB_NOT_FOUND', jobId: 'nope' } })
})

test('cron.run forces a run now; a cron job in a zone is accepted with its next time', async () => {
  const c = await start()
  const job = await c.call('cron.add', { name: 'daily', schedule: { kind: 'cron', expr: '0 9 * * *', tz: 'Europe/Berlin' }, payload: { kind: 'agentTurn', message: 'morning' } })
  expect(job.nextRunAtMs).toBeGreaterThan(Date.now())
  const run = await c.call('cron.run', { id: job.id })
  expect(run.runId).toMatch(new RegExp(`^manual:${job.id}:`))
  expect((await finished(c, job.id)).payload.status).toBe('ok')
  expect((await c.call('cron.runs', { id: job.id })).entries[0].trigger).toBe('manual')
  expect(await c.call('cron.run', { id: job.id, mode: 'due' })).toEqual({ ok: true, ran: false, reason: 'not-due' })
})

test('a job missed while the gateway was down runs once at startup', async () => {
  const stateDir = tempStateDir()
  dirs.push(stateDir)
  let client = await start({ stateDir, catchUpDelayMs: 0 })
  const job = await client.call('cron.add', {
    name: 'soon', schedule: { kind: 'at', at: new Date(Date.now() + 400).toISOString() }, payload: { kind: 'agentTurn', message: 'wake up' },
  })
  client.close()
  await gw!.stop()
  gw = undefined
  await Bun.sleep(500)
  // The catch-up waits a moment after startup, long enough for this client to be listening.
  client = await start({ stateDir, catchUpDelayMs: 300 })
  const done = await finished(client, job.id)
  expect(done.payload.status).toBe('ok')
  const runs = await client.call('cron.runs', { id: job.id })
  expect(runs.entries.map((r: any) => r.trigger)).toEqual(['catch-up'])
  const after = await client.call('cron.get', { id: job.id })
  expect(after.enabled).toBe(false) // a one-shot is done
})

test("a run cut off by a restart is an error in the run log and the job's state; only an announcing job's reply is unknown", async () => {
  const stateDir = tempStateDir()
  dirs.push(stateDir)
  let client = await start({ stateDir })
  const daily = { schedule: { kind: 'cron', expr: '0 7 * * *' }, sessionTarget: 'isolated', wakeMode: 'now', payload: { kind: 'agentTurn', message: 'hi' } }
  const loud = await client.call('cron.add', { name: 'loud', ...daily, delivery: { mode: 'announce', channel: 'telegram', to: '42' } })
  const quiet = await client.call('cron.add', { name: 'quiet', ...daily, delivery: { mode: 'none' } })
  client.close()
  await gw!.stop()
  gw = undefined
  // As the gateway leaves them when it stops in the middle of both runs.
  const db = openDatabase(stateDir)
  const store = createCronStore<CronJob>(db)
  for (const [i, id] of [loud.id, quiet.id].entries()) {
    const job = store.get(id)!
    store.put({ ...job, state: { ...job.state, runningAtMs: 1000 + i } }, job.state.nextRunAtMs)
    store.startRun({ runId: `cut-${i}`, jobId: id, trigger: 'schedule', startedAtMs: 1000 + i })
  }
  db.close()

  client = await start({ stateDir })
  const error = 'interrupted by gateway restart'
  expect((await client.call('cron.runs', { id: loud.id })).entries).toMatchObject([{ status: 'error', error, deliveryStatus: 'unknown', deliveryError: error }])
  expect((await client.call('cron.get', { id: loud.id })).state).toMatchObject({ lastRunAtMs: 1000, lastRunStatus: 'error', lastError: error, lastDeliveryStatus: 'unknown', lastDeliveryError: error })
  const [quietRun] = (await client.call('cron.runs', { id: quiet.id })).entries
  expect(quietRun).toMatchObject({ status: 'error', error, deliveryStatus: 'not-requested' })
  expect(quietRun.deliveryError).toBeUndefined()
  const quietState = (await client.call('cron.get', { id: quiet.id })).state
  expect(quietState).toMatchObject({ lastRunAtMs: 1001, lastRunStatus: 'error', lastError: error, lastDeliveryStatus: 'not-requested' })
  expect(quietState.lastDeliveryError).toBeUndefined()
  expect(quietState.runningAtMs).toBeUndefined()
})

test('heartbeats: a silent NO_REPLY leaves no transcript; set-heartbeats switches them off', async () => {
  fake = startFakeModelServer('openai')
  fake.script({ kind: 'text', chunks: ['NO_', 'REPLY'] }, { kind: 'text', chunks: ['Your build is failing.'] })
  const c = await start({ heartbeatEvery: '150ms' })
  const first = await c.event('heartbeat', 3000)
  expect(first.payload).toMatchObject({ status: 'ok-token', indicatorType: 'ok', silent: true })
  expect(await c.call('last-heartbeat', {})).toEqual(first.payload)
  const second = await c.event('heartbeat', 3000)
  expect(second.payload).toMatchObject({ status: 'skipped', reason: 'no-route', preview: 'Your build is failing.' })
  const history = await c.call('chat.history', { sessionKey: 'main' })
  expect(history.messages.map((m: any) => m.content[0]?.text)).toEqual([expect.stringContaining('heartbeat'), 'Your build is failing.'])
  await c.call('set-heartbeats', { enabled: false })
  // A beat that started before the switch ends first (its run is gone from the main session).
  while ((await c.call('sessions.describe', { key: 'main' })).session.hasActiveRun) await Bun.sleep(20)
  const before = fake!.requests.length
  c.frames.length = 0
  // The next ticks happen, and are skipped.
  for (let tick = 0; tick < 2; tick++) {
    expect((await c.event('heartbeat', 3000)).payload).toMatchObject({ status: 'skipped', reason: 'disabled' })
  }
  expect(fake!.requests.length).toBe(before)
  expect((await c.call('last-heartbeat', {})).reason).toBe('disabled')
})

test('a manual run before the next slot leaves the schedule as it was: the slot still runs, a one-shot stays armed', async () => {
  const c = await start()
  fake!.script({ kind: 'text', chunks: ['early'] }, { kind: 'text', chunks: ['early too'] })
  const daily = await c.call('cron.add', { name: 'daily', schedule: { kind: 'cron', expr: '0 7 * * *' }, payload: { kind: 'agentTurn', message: 'brief' } })
  const once = await c.call('cron.add', {
    name: 'once', deleteAfterRun: true, schedule: { kind: 'at', at: new Date(Date.now() + 86_400_000).toISOString() }, payload: { kind: 'agentTurn', message: 'remind' },
  })
  for (const job of [daily, once]) {
    const done = finished(c, job.id)
    await c.call('cron.run', { id: job.id })
    expect((await done).payload.status).toBe('ok')
    const after = await c.call('cron.get', { id: job.id })
    expect(after).toMatchObject({ enabled: true, nextRunAtMs: job.nextRunAtMs, state: { nextRunAtMs: job.nextRunAtMs, lastRunStatus: 'ok' } })
  }
})
