/**
 * What the Control UI's Settings, Tasks, Plugins, Approvals and Systems views read, and the newer
 * fields of health, status, channels.status, cron.status and agents.list: each answer's shape and
 * that its values are this gateway's own (a cron run as a task, the measured event loop, the agent's
 * workspace). Every answer is also checked against its schema by the test gateway's dispatch.
 */
import { afterEach, expect, test } from 'bun:test'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { resolveAgentSettings } from '../../src/config/agent-settings.ts'
import { TestClient } from '../helpers/client.ts'
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

test('themes.list: the built-in catalog and the theme the Control UI saved in ui.prefs (Claw in system mode by default)', async () => {
  const c = await start()
  const themes = await c.call('themes.list', {})
  expect(themes.themes.map((t: any) => t.id)).toEqual(['claw', 'knot', 'dash', 'absolutely', 'tide', 'beacon', 'phosphor', 'crt', 'manuscript', 'rose', 'miami'])
  expect(themes.themes.every((t: any) => t.source === 'builtin' && t.modes.join() === 'light,dark' && t.name && t.description)).toBe(true)
  expect(themes.current).toEqual({ id: 'claw', mode: 'system', scope: 'gateway', overrides: {} })
  expect(themes.theme).toEqual(themes.themes[0])
  expect(c.hello!.features.methods).toContain('themes.list')

  // What the UI's Appearance page writes when a theme and a mode are picked: known keys, no warning.
  const { hash } = await c.call('config.set', { raw: '{ ui: { prefs: { theme: "knot" } } }' })
  const patched = await c.call('config.patch', { raw: '{"ui":{"prefs":{"themeMode":"dark"}}}', baseHash: hash, note: 'control-ui prefs sync' })
  expect((await c.call('config.get', {})).warnings).toEqual([])
  const picked = await c.call('themes.list', {})
  expect(picked.current).toEqual({ id: 'knot', mode: 'dark', effectiveMode: 'dark', scope: 'gateway', overrides: {} })
  expect(picked.theme.id).toBe('knot')

  // A browser's own import is not in the catalog: Claw renders, and the saved id is named.
  await c.call('config.set', { raw: '{ ui: { prefs: { theme: "custom" } } }', baseHash: patched.hash })
  expect((await c.call('themes.list', {})).current).toEqual({ id: 'claw', mode: 'system', scope: 'gateway', overrides: {}, requestedId: 'custom' })
})

test('tasks.list: a cron run is a running task, then a completed one; filters and pages', async () => {
  const c = await start()
  let release!: () => void
  fake!.script({ kind: 'text', chunks: ['digest sent'], after: new Promise<void>((r) => (release = r)) })
  const job = await c.call('cron.add', { name: 'Digest', schedule: { kind: 'cron', expr: '0 0 1 1 *' }, payload: { kind: 'agentTurn', message: 'digest' } })
  const { runId } = await c.call('cron.run', { id: job.id })
  await c.waitFor((f) => f.event === 'cron' && f.payload.action === 'started')
  const running = await c.call('tasks.list', { limit: 50 })
  expect(running.tasks).toEqual([{
    id: runId, kind: 'cron', runtime: 'cron', status: 'running', title: 'Digest', agentId: 'main', runId, sourceId: job.id,
    createdAt: expect.any(Number), startedAt: expect.any(Number), updatedAt: expect.any(Number),
  }])
  expect((await c.call('tasks.list', { status: ['completed', 'failed'] })).tasks).toEqual([])

  release()
  await c.waitFor((f) => f.event === 'cron' && f.payload.action === 'finished')
  const [done] = (await c.call('tasks.list', { status: 'completed', sortBy: 'endedAt' })).tasks
  expect(done).toMatchObject({ id: runId, status: 'completed', terminalSummary: 'digest sent', childSessionKey: `agent:main:cron:${job.id}` })
  expect(done.endedAt).toBeGreaterThanOrEqual(done.startedAt)
  expect(done.updatedAt).toBe(done.endedAt)
  // A second run pages: one per page, newest first, the cursor handed back as given.
  fake!.script({ kind: 'text', chunks: ['again'] })
  await c.call('cron.run', { id: job.id })
  await c.waitFor((f) => f.event === 'cron' && f.payload.action === 'finished')
  const first = await c.call('tasks.list', { limit: 1 })
  expect(first.tasks[0].terminalSummary).toBe('again')
  const second = await c.call('tasks.list', { limit: 1, cursor: first.nextCursor })
  expect(second).toEqual({ tasks: [expect.objectContaining({ id: runId })] })
  // Nothing a session requested, another agent's, or a status a cron run never has.
  expect((await c.call('tasks.list', { sessionKey: 'agent:main:main' })).tasks).toEqual([])
  expect((await c.call('tasks.list', { agentId: 'other' })).tasks).toEqual([])
  expect((await c.call('tasks.list', { status: 'queued' })).tasks).toEqual([])
  expect((await c.request('tasks.list', { cursor: 'x' })).error.code).toBe('INVALID_REQUEST')
})

test('plugins.list, approval.history, environments.list: none installed, none resolved, the gateway host', async () => {
  const c = await start()
  expect(await c.call('plugins.list', {})).toEqual({ generation: 0, plugins: [], diagnostics: [], mutationAllowed: false })
  expect(await c.call('approval.history', { limit: 50 })).toEqual({ items: [] })
  expect(await c.call('environments.list', { includeDesktopSetup: true })).toEqual({
    environments: [{
      id: 'gateway', type: 'local', label: 'Gateway local', status: 'available', platform: process.platform, sessionHost: true,
      trust: 'persistent', capabilities: ['agent.run', 'sessions', 'tools', 'workspace'],
    }],
  })
  expect(await c.call('environments.list', { projection: 'profiles' })).toEqual({ environments: [] })
  // Approvals need their scope, as in the original.
  const reader = await TestClient.connect(gw!.url, { token: gw!.token, scopes: ['operator.read'] })
  expect((await reader.request('approval.history', {})).error.code).toBe('FORBIDDEN')
  reader.close()
})

test('health, status and channels.status carry the measured event loop; health says no plugins are loaded', async () => {
  const c = await start()
  // The first probe closes the window since start-up (which a loaded machine may have stalled); the
  // next one's window is the few milliseconds between two calls: too short to count busy CPU, and
  // with no stall of a second in it.
  await c.call('health', { probe: true })
  const health = await c.call('health', { probe: true })
  expect(health.plugins).toEqual({ loaded: [], errors: [], unavailable: [] })
  const loop = health.eventLoop
  expect(loop).toMatchObject({ degraded: false, degradedSinceMs: null, reasons: [] })
  expect(loop.delayMaxMs).toBeLessThan(1000)
  expect(loop.cpuBreakdown.hostCpuCount).toBeGreaterThan(0)
  for (const k of ['intervalMs', 'delayP99Ms', 'delayMaxMs', 'utilization', 'cpuCoreRatio']) expect(loop[k]).toBeGreaterThanOrEqual(0)
  expect(loop.utilization).toBeLessThanOrEqual(1)
  expect(Number.isInteger(loop.intervalMs)).toBe(true)
  // status and channels.status report the snapshot's window.
  expect((await c.call('status', {})).eventLoop).toEqual(loop)
  const channels = await c.call('channels.status', { probe: false })
  expect(channels).toMatchObject({ eventLoop: loop, channelMeta: [], channelDetailLabels: {} })
})

test('the event loop monitor reports a blocked loop as delay', async () => {
  const c = await start()
  await c.call('health', { probe: true })
  // Block the gateway's event loop (the test runs in its process) for 1.2 s.
  const until = Date.now() + 1200
  while (Date.now() < until);
  const loop = (await c.call('health', { probe: true })).eventLoop
  expect(loop.delayMaxMs).toBeGreaterThanOrEqual(1000)
  expect(loop.reasons).toContain('event_loop_delay')
  expect(loop.degraded).toBe(true)
  // Degraded since this window at the latest (earlier if a loaded machine already stalled the previous one).
  expect(loop.degradedSinceMs).toBeGreaterThanOrEqual(0)
})

test('cron.status names its SQLite file and whether schedules fire; agents.list gives the workspace and sole ownership', async () => {
  const c = await start()
  const cron = await c.call('cron.status', {})
  expect(cron).toMatchObject({ enabled: true, triggersEnabled: true, storage: 'sqlite' })
  expect(cron.sqlitePath).toBe(cron.storePath)
  const workspace = join(gw!.stateDir, 'workspace')
  const agents = await c.call('agents.list', {})
  expect(agents).toMatchObject({ defaultId: 'main', ownership: 'sole', selectionRequired: false })
  expect(agents.agents[0]).toMatchObject({ id: 'main', workspace, workspaceGit: false })
  mkdirSync(join(workspace, '.git'), { recursive: true })
  expect((await c.call('agents.list', {})).agents[0].workspaceGit).toBe(true)
})

test('a gateway that cannot listen leaves no event-loop sampling timer running', async () => {
  const blocker = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('x') })
  const live = new Set<unknown>()
  const { setInterval: realSet, clearInterval: realClear } = globalThis
  globalThis.setInterval = ((...args: Parameters<typeof realSet>) => {
    const handle = realSet(...args)
    live.add(handle)
    return handle
  }) as typeof realSet
  globalThis.clearInterval = ((handle: Parameters<typeof realClear>[0]) => {
    live.delete(handle)
    realClear(handle)
  }) as typeof realClear
  try {
    const failed = await startTestGateway({ settings: { host: '127.0.0.1', port: blocker.port } }).then(() => undefined, (e: Error) => e)
    expect(failed?.message).toContain('already in use')
    expect(live.size).toBe(0)
  } finally {
    globalThis.setInterval = realSet
    globalThis.clearInterval = realClear
    for (const handle of live) realClear(handle as ReturnType<typeof realSet>)
    blocker.stop(true)
  }
})
