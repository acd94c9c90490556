import { afterEach, expect, test } from 'bun:test'
import { renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../../src/config/load-config.ts'
import { resolveSettings, type GatewayFlags } from '../../src/config/settings.ts'
import { startGateway, type RunningGateway } from '../../src/gateway/server.ts'
import { FakeSlack } from '../fakes/slack-api.ts'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { TestClient, type Frame } from '../helpers/client.ts'
import { tempStateDir, TEST_TOKEN, type TestGateway } from '../helpers/gateway.ts'
import { approveNode, connectNode, invokeParams } from '../nodes/node-helpers.ts'

let gw: RunningGateway | undefined
let stateDir: string
let path: string
const clients: TestClient[] = []
const fakes: { stop(): void }[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.close()
  await gw?.stop()
  gw = undefined
  for (const f of fakes.splice(0)) f.stop()
  rmSync(stateDir, { recursive: true, force: true })
})

/** Starts a gateway from a config file, as `gateway run` does. */
async function boot(config: Record<string, unknown>, flags: GatewayFlags = { port: 0, token: TEST_TOKEN }) {
  stateDir = tempStateDir()
  path = join(stateDir, 'openclaw.json')
  writeFileSync(path, JSON.stringify(config, null, 2))
  const loaded = await loadConfig(path)
  const settings = resolveSettings(loaded, flags, stateDir, {})
  gw = await startGateway({ settings, loaded, flags, env: {}, database: ':memory:', lock: false })
  return gw
}

async function connect(token = TEST_TOKEN): Promise<TestClient> {
  const client = await TestClient.connect(gw!.url, { token })
  clients.push(client)
  return client
}

/** An editor that writes a temp file and renames it over the config (vim, most IDEs). */
function saveByRename(config: unknown): void {
  writeFileSync(`${path}.swp`, typeof config === 'string' ? config : JSON.stringify(config, null, 2))
  renameSync(`${path}.swp`, path)
}

/** An editor that truncates the file and writes in place (nano, `>` redirection). */
const saveInPlace = (config: unknown) => writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config, null, 2))

const healthWith = (client: TestClient, ok: (reload: any) => boolean) =>
  client.waitFor((f: Frame) => f.type === 'event' && f.event === 'health' && ok(f.payload.configReload))

async function channelConnected(client: TestClient, channel: string): Promise<void> {
  for (;;) {
    const status = await client.call('channels.status', {})
    if (status.channelAccounts[channel]?.[0]?.connected) return
    await Bun.sleep(20)
  }
}

test('adding a Slack account by editing the file connects it while Telegram and WebSocket clients stay up; a broken edit is refused until fixed', async () => {
  const tg = new FakeTelegram().start()
  const slack = new FakeSlack().start()
  fakes.push(tg, slack)
  const telegram = { botToken: '123:TEST', apiRoot: tg.url }
  await boot({ channels: { telegram } })
  const client = await connect()
  await channelConnected(client, 'telegram')
  const getMe = tg.recorder.of('getMe').length
  let closed = false
  client.ws.addEventListener('close', () => (closed = true))

  saveByRename({ channels: { telegram, slack: { botToken: 'xoxb-1', appToken: 'xapp-1', apiUrl: slack.apiUrl } } })
  await client.event('config.changed')
  await slack.recorder.waitFor((c) => c.method === 'apps.connections.open')
  await channelConnected(client, 'slack')
  // Telegram's long poll was not restarted (a restart calls getMe again); the client never closed.
  expect(tg.recorder.of('getMe').length).toBe(getMe)
  expect((await client.call('channels.status', {})).channelAccounts.telegram[0]).toMatchObject({ connected: true, reconnectAttempts: 0 })
  expect(closed).toBe(false)

  saveInPlace('{ channels: { telegram: { botToken: 123 } }, session: { dmScope: "sideways" } ')
  const refused = await healthWith(client, (r) => r?.state === 'invalid')
  expect(refused.payload.configReload.issues.map((i: { path: string }) => i.path)).toEqual(['(root)'])
  saveInPlace({ channels: { telegram: { ...telegram, botToken: 123 } }, session: { dmScope: 'sideways' } })
  const invalid = await healthWith(client, (r) => r?.issues?.some((i: { path: string }) => i.path === 'session.dmScope'))
  expect(invalid.payload.configReload.issues.map((i: { path: string }) => i.path).sort()).toEqual(['channels.telegram.botToken', 'session.dmScope'])
  const status = await client.call('status')
  expect(status.configReload).toMatchObject({ state: 'invalid', issues: expect.any(Array) })
  // The running config is still the last good one: both accounts stay connected.
  expect((await client.call('channels.status', {})).channelAccounts.slack[0].connected).toBe(true)

  // Fixed, with only a policy change for Telegram: applied, and Telegram keeps its connection.
  saveInPlace({ channels: { telegram: { ...telegram, dmPolicy: 'allowlist', allowFrom: ['4242'] }, slack: { botToken: 'xoxb-1', appToken: 'xapp-1', apiUrl: slack.apiUrl } } })
  await client.event('config.changed')
  expect((await client.call('status')).configReload).toMatchObject({ state: 'ok' })
  expect((await client.call('status')).configReload.issues).toBeUndefined()
  expect(tg.recorder.of('getMe').length).toBe(getMe)

  // Removing Slack stops only Slack.
  saveInPlace({ channels: { telegram } })
  await client.event('config.changed')
  expect((await client.call('channels.status', {})).channelAccounts.slack).toBeUndefined()
  expect(tg.recorder.of('getMe').length).toBe(getMe)
  expect(closed).toBe(false)
})

test('a new gateway token closes the clients that used the old one; the new token connects', async () => {
  await boot({ gateway: { auth: { token: 'first-token-1' } } }, { port: 0 })
  const old = await connect('first-token-1')
  saveInPlace({ gateway: { auth: { token: 'second-token-2' } } })
  const closed = new Promise<number>((resolve) => old.ws.addEventListener('close', (ev) => resolve(ev.code)))
  expect(await closed).toBe(4001)
  const fresh = await connect('second-token-2')
  expect((await fresh.call('health')).ok).toBe(true)
  const refused = await TestClient.open(gw!.url)
  clients.push(refused)
  expect((await refused.sendConnect({ token: 'first-token-1' })).ok).toBe(false)
})

test('reload mode "off" leaves file edits alone until SIGHUP, which applies them (a new heartbeat cadence here)', async () => {
  await boot({ gateway: { reload: { mode: 'off' } }, agents: { defaults: { heartbeat: { every: '30m' } } } })
  const client = await connect()
  saveInPlace({ gateway: { reload: { mode: 'off' } }, agents: { defaults: { heartbeat: { every: '45m' } } } })
  const before = await client.call('config.get')
  // Nothing watches the file under "off": what runs is still the old config.
  expect(before.configRevisionHash).not.toBe(before.appliedConfigHash)
  expect((await client.call('health')).heartbeatSeconds).toBe(1800)
  await gw!.runtime.services.config.reload('SIGHUP')
  const after = await client.call('config.get')
  expect(after.configRevisionHash).toBe(after.appliedConfigHash)
  expect((await client.call('health', { probe: true })).heartbeatSeconds).toBe(2700)
})

test('a command denied in gateway.nodes.commands leaves a connected node at once; the node stays connected', async () => {
  await boot({})
  const admin = await connect()
  const node = await connectNode({ ...gw!, token: TEST_TOKEN, stateDir } as TestGateway)
  clients.push(node.client)
  await approveNode(admin, node)
  expect((await admin.call('node.describe', { nodeId: node.nodeId })).commands).toContain('canvas.write')

  saveInPlace({ gateway: { nodes: { commands: { deny: ['canvas.write'] } } } })
  await admin.event('config.changed')
  expect((await admin.call('node.describe', { nodeId: node.nodeId })).commands).not.toContain('canvas.write')
  const refused = await admin.request('node.invoke', invokeParams(node.nodeId, 'canvas.write', { params: {} }))
  expect(refused.ok).toBe(false)
  expect((await admin.call('node.describe', { nodeId: node.nodeId })).connected).toBe(true)
})
