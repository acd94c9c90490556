/**
 * A user switching from the original OpenClaw: the gateway process starts on a state dir the original
 * left (its real table definitions and row shapes, test/helpers/original-state.ts) and carries over,
 * once, the paired devices with their tokens, the approved DM senders, the cron jobs and the sessions'
 * transcripts, leaving the original's files byte for byte as they were. Malformed rows and files are
 * logged and skipped, never a failed start.
 */
import { Database } from 'bun:sqlite'
import { createHash } from 'node:crypto'
import { afterEach, expect, test } from 'bun:test'
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { agentConfig, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'
import { TestClient, type Frame } from '../helpers/client.ts'
import { createDeviceIdentity } from '../helpers/device.ts'
import { ENTRY, spawnGateway, tempStateDir, type SpawnedGateway } from '../helpers/gateway.ts'
import {
  addApprovedSender, addCronJob, addPairedDevice, addSession, messageEvent, originalAgentDatabase, originalStateDatabase,
} from '../helpers/original-state.ts'

const TOKEN = 'switch-token'
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function stateDir(): string {
  const d = tempStateDir()
  cleanups.push(() => rmSync(d, { recursive: true, force: true }))
  return d
}

async function start(dir: string): Promise<SpawnedGateway> {
  const g = await spawnGateway({ stateDir: dir, args: ['--token', TOKEN] })
  cleanups.push(async () => {
    g.proc.kill()
    await g.proc.exited
  })
  return g
}

async function stop(g: SpawnedGateway): Promise<void> {
  g.proc.kill('SIGTERM')
  await g.proc.exited
}

/** Every file of the original's, with its bytes, to show they are left exactly as they were. */
function originalFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>()
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (/openclaw(-agent)?\.sqlite/.test(e.name)) files.set(p, new Bun.CryptoHasher('sha256').update(readFileSync(p)).digest('hex'))
    }
  }
  walk(dir)
  return files
}

const cronFinished = (jobId: string) => (f: Frame) => f.event === 'cron' && f.payload.jobId === jobId && f.payload.action === 'finished'

test('paired devices connect with the tokens they hold, approved senders are answered, cron jobs run and history shows; once', async () => {
  const dir = stateDir()
  const model: FakeModelServer = startFakeModelServer('openai', { echo: true })
  cleanups.push(() => model.stop())
  const tg = new FakeTelegram().start()
  cleanups.push(() => tg.stop())
  writeFileSync(join(dir, 'openclaw.json'), JSON.stringify(agentConfig(model, 'openai', {
    channels: { telegram: { botToken: '1:SWITCH', apiRoot: tg.url, dmPolicy: 'pairing' } },
  } as never)))

  const operatorDevice = createDeviceIdentity()
  const nodeDevice = createDeviceIdentity()
  const state = originalStateDatabase(dir)
  addPairedDevice(state, {
    identity: operatorDevice, role: 'operator', scopes: ['operator.read', 'operator.write'], token: 'op-token-from-the-original',
    clientId: 'cli', clientMode: 'cli', displayName: 'laptop',
  })
  addPairedDevice(state, {
    identity: nodeDevice, role: 'node', scopes: [], token: 'node-token-from-the-original', clientId: 'node-host', clientMode: 'node',
    displayName: 'kitchen', nodeSurface: { caps: ['system'], commands: ['system.which'] },
  })
  addApprovedSender(state, 'telegram', 'default', '4242')
  const brief = 'c0ffee00-0000-4000-8000-000000000001'
  addCronJob(state, brief, {
    id: brief, name: 'Morning brief', enabled: true, createdAtMs: Date.now() - 60_000,
    schedule: { kind: 'cron', expr: '0 7 * * *', tz: 'Europe/Berlin' }, sessionTarget: 'isolated', wakeMode: 'now',
    payload: { kind: 'agentTurn', message: 'Summarize overnight updates.', toolsAllow: ['*'] },
    delivery: { mode: 'announce', channel: 'telegram', to: '4242' }, scheduledToolPolicy: { version: 1, mode: 'trusted' }, state: {},
  })
  addCronJob(state, 'managed-heartbeat', {
    id: 'managed-heartbeat', name: 'heartbeat-main', enabled: true, createdAtMs: Date.now(), schedule: { kind: 'every', everyMs: 1_800_000 },
    sessionTarget: 'main', wakeMode: 'next-heartbeat', payload: { kind: 'heartbeat' }, state: {},
  }, { declarationKey: 'heartbeat:main', order: 1 })
  addCronJob(state, 'hook-job', {
    id: 'hook-job', name: 'Deploy digest', enabled: true, createdAtMs: Date.now(), schedule: { kind: 'cron', expr: '0 18 * * 1-5' },
    sessionTarget: 'isolated', wakeMode: 'now', payload: { kind: 'agentTurn', message: 'digest' }, delivery: { mode: 'webhook', to: 'https://example.invalid/hook' }, state: {},
  }, { order: 2 })
  state.close()
  const agent = originalAgentDatabase(dir, 'main')
  addSession(agent, {
    key: 'agent:main:main', sessionId: '9947d0c6-d096-4d33-b9ba-06b69f62d7e6', channel: 'telegram', events: [
      messageEvent('m1', null, { role: 'user', content: 'remember the blue door', timestamp: Date.now() - 80_000 }),
      { type: 'thinking_level_change', thinkingLevel: 'off', id: 'c1', parentId: 'm1' },
      messageEvent('m2', 'c1', { role: 'assistant', content: [{ type: 'thinking', thinking: '...' }, { type: 'text', text: 'Noted: a blue door.' }], stopReason: 'stop', timestamp: Date.now() - 79_000 }),
      // A branch left behind by a rewind: not part of the conversation.
      messageEvent('stale', 'm2', { role: 'user', content: 'an abandoned edit', timestamp: Date.now() - 78_500 }),
      messageEvent('m3', 'm2', { role: 'user', content: [{ type: 'text', text: 'and the window?' }], timestamp: Date.now() - 78_000 }),
      messageEvent('m4', 'm3', { role: 'assistant', content: [{ type: 'text', text: 'Compressed: a round window.' }], timestamp: Date.now() - 77_000 }, true),
    ],
  })
  agent.close()
  const before = originalFiles(dir)

  const g = await start(dir)
  expect(g.output()).toContain('imported the original OpenClaw\'s state')
  expect(g.output()).toContain('2 paired devices, 2 device tokens, 1 approved DM senders, 1 cron jobs, 1 sessions, 4 transcript messages')
  expect(g.output()).toContain('not imported: cron job hook-job (Deploy digest): delivery mode "webhook" is not supported here')
  expect(g.output()).toContain('not imported: 1 cron jobs the original manages itself')

  // The operator device connects with its device token alone: no shared token, no new pairing.
  const device = await TestClient.connect(g.url, {
    device: operatorDevice, deviceToken: 'op-token-from-the-original', scopes: ['operator.read', 'operator.write'],
  })
  cleanups.push(() => device.close())
  expect(device.hello).toBeDefined()
  const history = await device.call('chat.history', { sessionKey: 'main' })
  expect(history.messages.map((m: any) => [m.role, m.content.map((b: any) => b.text).join('')])).toEqual([
    ['user', 'remember the blue door'], ['assistant', 'Noted: a blue door.'], ['user', 'and the window?'], ['assistant', 'Compressed: a round window.'],
  ])

  // The node connects with its token and keeps its approved commands.
  const node = await TestClient.connect(g.url, {
    device: nodeDevice, deviceToken: 'node-token-from-the-original', role: 'node', scopes: [], clientId: 'node-host', clientMode: 'node',
    caps: ['system'], commands: ['system.which'],
  })
  cleanups.push(() => node.close())
  expect(node.hello).toBeDefined()
  const admin = await TestClient.connect(g.url, { token: TOKEN })
  cleanups.push(() => admin.close())
  const nodes = await admin.call('node.list', {})
  expect(nodes.nodes.find((n: any) => n.nodeId === nodeDevice.id)).toMatchObject({ paired: true, connected: true, commands: ['system.which'] })
  expect((await admin.call('node.pair.list', {})).pending).toEqual([])

  // The approved sender is answered by the agent; a stranger still gets a pairing code.
  tg.pushText('what colour was the door?', { fromId: 4242 })
  await tg.recorder.waitFor((c) => c.method === 'sendMessage' && String(c.body.chat_id) === '4242' && String(c.body.text).includes('echo: what colour was the door?'), 15_000)
  // The agent continues the conversation: the imported history goes to the model with the new message.
  const asked = model.requests.find((r) => JSON.stringify(r.body).includes('what colour was the door?'))!
  expect(asked.body.messages.map((m: any) => JSON.stringify(m.content))).toEqual(expect.arrayContaining([expect.stringContaining('remember the blue door'), expect.stringContaining('Compressed: a round window.')]))
  tg.pushText('hi', { fromId: 5555 })
  await tg.recorder.waitFor((c) => c.method === 'sendMessage' && String(c.body.chat_id) === '5555' && /pairing/i.test(String(c.body.text)), 15_000)

  // The cron job is listed under its own id and runs, announcing to the chat.
  const jobs = (await admin.call('cron.list', {})).jobs
  expect(jobs.map((j: any) => [j.id, j.name, j.enabled])).toEqual([[brief, 'Morning brief', true]])
  expect(jobs[0].delivery).toEqual({ mode: 'announce', channel: 'telegram', to: '4242' })
  expect(jobs[0].nextRunAtMs).toBeGreaterThan(Date.now())
  await admin.call('cron.run', { id: brief })
  const finished = await admin.waitFor(cronFinished(brief), 15_000)
  expect(finished.payload).toMatchObject({ status: 'ok', deliveryStatus: 'delivered' })
  await tg.recorder.waitFor((c) => c.method === 'sendMessage' && String(c.body.chat_id) === '4242' && String(c.body.text).includes('Summarize overnight updates.'), 15_000)
  admin.close()
  device.close()
  node.close()
  await stop(g)

  // Once: a second start imports nothing and keeps what the first did.
  const again = await start(dir)
  expect(again.output()).not.toContain('imported the original')
  const c = await TestClient.connect(again.url, { token: TOKEN })
  cleanups.push(() => c.close())
  expect((await c.call('cron.list', {})).jobs.map((j: any) => j.id)).toEqual([brief])
  expect((await c.call('chat.history', { sessionKey: 'main' })).messages.length).toBeGreaterThan(4)
  // Imported transcripts count toward session.maintenance.maxDiskBytes as written ones do.
  const ours = new Database(join(dir, 'state', 'gateway.sqlite'), { readonly: true })
  cleanups.push(() => ours.close())
  const sizes = ours.query<{ counted: number; stored: number }, []>(`SELECT transcript_bytes AS counted, (SELECT SUM(length(CAST(body AS BLOB)))
    FROM transcript_messages t WHERE t.session_id = s.session_id) AS stored FROM sessions s WHERE key = 'agent:main:main'`).get()!
  expect(sizes.counted).toBeGreaterThan(0)
  expect(sizes.counted).toBe(sizes.stored)
  expect(originalFiles(dir)).toEqual(before)
}, 90_000)

test('malformed rows, tables and files are logged and skipped; what is sound is imported and the gateway starts', async () => {
  const dir = stateDir()
  const good = createDeviceIdentity()
  const state = originalStateDatabase(dir)
  addPairedDevice(state, { identity: good, role: 'operator', scopes: ['operator.read'], token: 'good-token', clientId: 'cli', clientMode: 'cli', displayName: 'ok' })
  state.query("INSERT INTO device_pairing_paired (device_id, public_key, tokens_json, created_at_ms, approved_at_ms) VALUES ('bad-tokens', 'k', 'not json', 1, 1)").run()
  state.query("INSERT INTO device_pairing_paired (device_id, public_key, created_at_ms, approved_at_ms) VALUES ('no-key', '', 1, 1)").run()
  addApprovedSender(state, 'matrix', 'default', '@bob:example.org')
  addApprovedSender(state, 'telegram', 'default', '77')
  addCronJob(state, 'torn', '{"id":"torn","name":')
  addCronJob(state, 'bad-expr', {
    id: 'bad-expr', name: 'Bad', enabled: true, createdAtMs: 1, schedule: { kind: 'cron', expr: 'every day at seven' },
    sessionTarget: 'isolated', wakeMode: 'now', payload: { kind: 'agentTurn', message: 'x' }, state: {},
  })
  addCronJob(state, 'fine', {
    id: 'fine', name: 'Fine', enabled: false, createdAtMs: 1, schedule: { kind: 'every', everyMs: 3_600_000, anchorMs: 1 },
    sessionTarget: 'isolated', wakeMode: 'now', payload: { kind: 'agentTurn', message: 'x' }, state: { lastRunAtMs: 5, lastRunStatus: 'ok' },
  })
  state.close()
  const agent = originalAgentDatabase(dir, 'main')
  addSession(agent, {
    key: 'agent:main:main', sessionId: 's-main', events: [
      messageEvent('u1', null, { role: 'user', content: 'kept', timestamp: 10 }),
      '{"type":"message","id":"torn",',
      messageEvent('a1', 'u1', { role: 'assistant', content: [{ type: 'text', text: 42 }], timestamp: 11 }),
    ],
  })
  agent.close()
  // An agent database that is not a database at all.
  const broken = originalAgentDatabase(dir, 'work')
  broken.close()
  const brokenFile = join(dir, 'agents', 'work', 'agent', 'openclaw-agent.sqlite')
  writeFileSync(brokenFile, 'not a database'.repeat(100))
  rmSync(`${brokenFile}-wal`, { force: true })

  const g = await start(dir)
  const out = g.output()
  expect(out).toContain('not imported: device bad-tokens tokens: tokens_json is not an object')
  expect(out).toContain('not imported: device no-key: malformed row in device_pairing_paired')
  expect(out).toContain('not imported: approved sender @bob:example.org on matrix/default: this gateway has no matrix channel')
  expect(out).toContain('not imported: cron job torn: job_json is not a JSON object')
  expect(out).toContain('not imported: cron job bad-expr (Bad): malformed job:')
  expect(out).toContain('not imported: session agent:main:main (agent main): 1 transcript events: not readable JSON')
  expect(out).toContain('not imported: session agent:main:main (agent main): 1 messages: malformed message events')
  expect(out).toContain(`not imported: sessions of agent work (${brokenFile}): cannot be read`)
  expect(out).toContain('imported the original OpenClaw\'s state')
  const c = await TestClient.connect(g.url, { token: TOKEN })
  cleanups.push(() => c.close())
  const devices = await c.call('device.pair.list', {})
  expect(devices.paired.map((d: any) => d.deviceId).sort()).toEqual(['bad-tokens', good.id].sort())
  const jobs = (await c.call('cron.list', { includeDisabled: true })).jobs
  expect(jobs.map((j: any) => [j.id, j.enabled, j.lastRunStatus])).toEqual([['fine', false, 'ok']])
  expect((await c.call('chat.history', { sessionKey: 'main' })).messages.map((m: any) => m.content[0].text)).toEqual(['kept'])
}, 60_000)

test('a state/openclaw.sqlite that is not a database is reported, and the gateway starts without it', async () => {
  const dir = stateDir()
  originalStateDatabase(dir).close()
  const file = join(dir, 'state', 'openclaw.sqlite')
  writeFileSync(file, 'this is not a database, it is a shopping list'.repeat(20))
  const size = statSync(file).size
  const g = await start(dir)
  expect(g.output()).toContain("the original OpenClaw's state in")
  expect(g.output()).toContain('was not imported')
  const c = await TestClient.connect(g.url, { token: TOKEN })
  cleanups.push(() => c.close())
  expect((await c.call('health', {})).ok).toBe(true)
  expect(statSync(file).size).toBe(size)
  const ours = new Database(join(dir, 'state', 'gateway.sqlite'), { readonly: true })
  expect(ours.query('SELECT COUNT(*) AS n FROM original_import').get()).toEqual({ n: 0 })
  ours.close()
}, 30_000)

test("a database that already holds this gateway's own state is not imported into, and the log says so", async () => {
  const dir = stateDir()
  const first = await start(dir)
  const c = await TestClient.connect(first.url, { token: TOKEN })
  await c.call('cron.add', { name: 'ours', schedule: { kind: 'cron', expr: '0 7 * * *' }, payload: { kind: 'agentTurn', message: 'hi' } })
  c.close()
  await stop(first)
  const state = originalStateDatabase(dir)
  addApprovedSender(state, 'telegram', 'default', '4242')
  state.close()
  const second = await start(dir)
  expect(second.output()).toContain("(the original OpenClaw's state) is not imported: this gateway's database already holds")
  const again = await TestClient.connect(second.url, { token: TOKEN })
  cleanups.push(() => again.close())
  expect((await again.call('cron.list', {})).jobs.map((j: any) => j.name)).toEqual(['ours'])
  again.close()
  await stop(second)
  const third = await start(dir)
  expect(third.output()).not.toContain("the original OpenClaw's state) is not imported")
}, 30_000)

/** The original's stamp on a device token issued to a client that proved this shared secret. */
const generationOf = (mode: 'token' | 'password', secret: string) => createHash('sha256').update(`${mode}\0${secret}`).digest('base64url')

test('device tokens the original would refuse under the configured gateway auth are left behind; the ones it accepts connect', async () => {
  const dir = stateDir()
  const current = createDeviceIdentity()
  const rotated = createDeviceIdentity()
  const browser = createDeviceIdentity()
  const widened = createDeviceIdentity()
  const state = originalStateDatabase(dir)
  const operator = { role: 'operator', scopes: ['operator.read'], clientId: 'cli', clientMode: 'cli' }
  addPairedDevice(state, { ...operator, identity: current, token: 'current-token', displayName: 'current', issuer: { kind: 'shared-gateway-auth', generation: generationOf('token', TOKEN) } })
  // Paired while the gateway token was one the user has since rotated away (say, because it leaked).
  addPairedDevice(state, { ...operator, identity: rotated, token: 'rotated-token', displayName: 'rotated', issuer: { kind: 'shared-gateway-auth', generation: generationOf('token', 'the-leaked-token') } })
  // A Control UI token from before the original tied browser tokens to the shared secret: no issuer.
  addPairedDevice(state, { ...operator, identity: browser, token: 'browser-token', displayName: 'browser', clientId: 'openclaw-control-ui', clientMode: 'webchat' })
  // A token holding more than the device's approval.
  addPairedDevice(state, { ...operator, identity: widened, token: 'widened-token', displayName: 'widened', scopes: ['operator.read', 'operator.write'], approvedScopes: ['operator.read'] })
  state.close()

  const g = await start(dir)
  const out = g.output()
  expect(out).toContain('4 paired devices, 1 device tokens')
  expect(out).toContain(`not imported: device ${rotated.id} operator token: issued under a gateway token or password that is no longer the configured one`)
  expect(out).toContain(`not imported: device ${browser.id} operator token: a browser device's token from before tokens were tied to the gateway secret`)
  expect(out).toContain(`not imported: device ${widened.id} operator token: its scopes go beyond the device's approved scopes`)
  const ok = await TestClient.connect(g.url, { device: current, deviceToken: 'current-token', scopes: ['operator.read'] })
  cleanups.push(() => ok.close())
  expect(ok.hello).toBeDefined()
  for (const [identity, token] of [[rotated, 'rotated-token'], [browser, 'browser-token'], [widened, 'widened-token']] as const) {
    const refused = await TestClient.connect(g.url, { device: identity, deviceToken: token, scopes: ['operator.read'] })
    cleanups.push(() => refused.close())
    expect([identity.id, refused.hello]).toEqual([identity.id, undefined])
  }
  // The devices stay paired: they sign in again with the gateway token and get a new device token.
  const admin = await TestClient.connect(g.url, { token: TOKEN })
  cleanups.push(() => admin.close())
  expect((await admin.call('device.pair.list', {})).paired.map((d: any) => d.deviceId).sort()).toEqual([current.id, rotated.id, browser.id, widened.id].sort())
  const again = await TestClient.connect(g.url, { device: rotated, token: TOKEN, scopes: ['operator.read'] })
  cleanups.push(() => again.close())
  expect(again.hello?.auth.deviceToken).toEqual(expect.any(String))
}, 60_000)

test('senders approved on an account whose config key has capitals are answered (the original stores the key lowercased)', async () => {
  const dir = stateDir()
  const model: FakeModelServer = startFakeModelServer('openai', { echo: true })
  cleanups.push(() => model.stop())
  const tg = new FakeTelegram().start()
  cleanups.push(() => tg.stop())
  writeFileSync(join(dir, 'openclaw.json'), JSON.stringify(agentConfig(model, 'openai', {
    channels: { telegram: { apiRoot: tg.url, dmPolicy: 'pairing', accounts: { Work: { botToken: '1:WORK' } } } },
  } as never)))
  const state = originalStateDatabase(dir)
  addApprovedSender(state, 'telegram', 'work', '4242')
  state.close()
  const g = await start(dir)
  expect(g.output()).toContain('1 approved DM senders')
  tg.pushText('still there?', { fromId: 4242 })
  await tg.recorder.waitFor((c) => c.method === 'sendMessage' && String(c.body.chat_id) === '4242' && String(c.body.text).includes('echo: still there?'), 15_000)
}, 60_000)

test('an import the process died during is not tried again: each start says so and how to retry, and starts', async () => {
  const dir = stateDir()
  const state = originalStateDatabase(dir)
  addApprovedSender(state, 'telegram', 'default', '4242')
  state.close()
  // An agent database that never finishes reading (a FIFO nobody writes to): the import hangs in it,
  // deterministically, until the process is killed, as a process run out of memory would die there.
  const fifo = join(dir, 'agents', 'main', 'agent', 'openclaw-agent.sqlite')
  mkdirSync(join(fifo, '..'), { recursive: true })
  expect(Bun.spawnSync(['mkfifo', fifo]).exitCode).toBe(0)
  const first = Bun.spawn([process.execPath, ENTRY, 'gateway', 'run', '--port', '0', '--token', TOKEN], {
    env: { ...process.env, OPENCLAW_STATE_DIR: dir, OPENCLAW_CONFIG_PATH: join(dir, 'openclaw.json') }, stdout: 'pipe', stderr: 'pipe',
  })
  cleanups.push(() => first.kill('SIGKILL'))
  let text = ''
  for await (const chunk of first.stdout as ReadableStream<Uint8Array>) {
    text += new TextDecoder().decode(chunk)
    if (text.includes("importing the original OpenClaw's state")) break
  }
  expect(text).toContain("importing the original OpenClaw's state")
  first.kill('SIGKILL')
  await first.exited

  const g = await start(dir)
  expect(g.output()).toContain("the import of the original OpenClaw's state from")
  expect(g.output()).toContain('did not finish')
  expect(g.output()).toContain(`To try again, stop this gateway and delete its database ${join(dir, 'state', 'gateway.sqlite')}`)
  // The copies the killed import was reading are removed.
  expect(readdirSync(join(dir, 'state')).filter((f) => f.startsWith('original-import-'))).toEqual([])
  const c = await TestClient.connect(g.url, { token: TOKEN })
  cleanups.push(() => c.close())
  expect((await c.call('health', {})).ok).toBe(true)
  const ours = new Database(join(dir, 'state', 'gateway.sqlite'), { readonly: true })
  cleanups.push(() => ours.close())
  expect(ours.query('SELECT COUNT(*) AS n FROM channel_pairing_allow_entries').get()).toEqual({ n: 0 })
}, 60_000)
