import { afterEach, beforeEach, expect, test } from 'bun:test'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { TestClient } from '../helpers/client.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'

let gw: TestGateway
let client: TestClient
let path: string

const FILE = `// the operator's own notes
{
  session: { dmScope: "per-peer" }, // kept on a raw write
  models: { providers: { local: { baseUrl: "http://127.0.0.1:9", apiKey: "sk-secret-1", models: [{ id: "m1" }] } } },
}
`

beforeEach(async () => {
  gw = await startTestGateway()
  path = join(gw.stateDir, 'openclaw.json')
  client = await TestClient.connect(gw.url, { token: gw.token })
})
afterEach(async () => {
  client.close()
  await gw.stop()
})

async function writeVia(method: string, params: Record<string, unknown>) {
  return client.request(method, params)
}

test('config.get: no file yet, then a written file with its secrets redacted and its hash', async () => {
  const empty = await client.call('config.get')
  expect(empty).toMatchObject({ path, exists: false, raw: null, valid: true })
  const set = await client.call('config.set', { raw: FILE })
  expect(set).toMatchObject({ ok: true, path, changedPaths: ['models', 'session'] })
  // A raw write keeps the caller's text, comments included, and the file is private.
  expect(readFileSync(path, 'utf8')).toBe(FILE)
  expect(statSync(path).mode & 0o777).toBe(0o600)
  const got = await client.call('config.get')
  expect(got.hash).toBe(set.hash)
  expect(got.raw).toContain('// the operator')
  expect(got.raw).not.toContain('sk-secret-1')
  expect(got.parsed.models.providers.local.apiKey).toBe('__OPENCLAW_REDACTED__')
  expect(got.valid).toBe(true)
})

test('a write without the current hash, or with a stale one, is refused and writes nothing', async () => {
  const first = await client.call('config.set', { raw: FILE })
  const missing = await writeVia('config.patch', { raw: '{ session: { dmScope: "main" } }' })
  expect(missing.error).toMatchObject({ code: 'INVALID_REQUEST', message: 'config base hash required; re-run config.get and retry' })
  const stale = await writeVia('config.patch', { raw: '{ session: { dmScope: "main" } }', baseHash: 'sha256:0000' })
  expect(stale.error).toMatchObject({ code: 'INVALID_REQUEST', message: 'config changed since last load; re-run config.get and retry' })
  expect(readFileSync(path, 'utf8')).toBe(FILE)
  expect((await client.call('config.get')).hash).toBe(first.hash)
})

test('two concurrent patches from the same hash: one wins, the other is refused', async () => {
  const { hash } = await client.call('config.set', { raw: FILE })
  const [a, b] = await Promise.all([
    writeVia('config.patch', { raw: '{ session: { dmScope: "main" } }', baseHash: hash }),
    writeVia('config.patch', { raw: '{ session: { dmScope: "per-channel-peer" } }', baseHash: hash }),
  ])
  expect([a.ok, b.ok].sort()).toEqual([false, true])
  const loser = a.ok ? b : a
  expect(loser.error.message).toBe('config changed since last load; re-run config.get and retry')
  const winner = a.ok ? '"main"' : '"per-channel-peer"'
  expect(readFileSync(path, 'utf8')).toContain(`"dmScope": ${winner}`)
  // The previous version is kept beside it.
  expect(readFileSync(`${path}.bak`, 'utf8')).toBe(FILE)
})

test('an invalid write lists every problem with its path and writes nothing', async () => {
  const { hash } = await client.call('config.set', { raw: FILE })
  const res = await writeVia('config.patch', { raw: '{ gateway: { port: "x" }, session: { dmScope: "nope" } }', baseHash: hash })
  expect(res.ok).toBe(false)
  expect(res.error.message).toStartWith('invalid config: ')
  expect(res.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['gateway.port', 'session.dmScope'])
  expect(readFileSync(path, 'utf8')).toBe(FILE)
  // Beyond the schema, what the gateway would refuse to run with is refused too.
  const remote = await writeVia('config.patch', { raw: '{ gateway: { mode: "remote" } }', baseHash: hash })
  expect(remote.error.details.issues).toEqual([{ path: 'mode', message: expect.stringContaining('gateway.remote.url') }])
})

test('config.patch: redacted secrets are kept, arrays that would lose entries need replacePaths', async () => {
  const { hash } = await client.call('config.set', { raw: FILE })
  const patched = await client.call('config.patch', {
    raw: '{ models: { providers: { local: { apiKey: "__OPENCLAW_REDACTED__", maxTokens: 64 } } } }', baseHash: hash,
  })
  expect(patched.changedPaths).toEqual(['models.providers.local.maxTokens'])
  const onDisk = Bun.JSON5.parse(readFileSync(path, 'utf8')) as any
  expect(onDisk.models.providers.local).toMatchObject({ apiKey: 'sk-secret-1', maxTokens: 64 })

  const trust = await client.call('config.patch', { raw: '{ gateway: { trustedProxies: ["10.0.0.1", "10.0.0.2"] } }', baseHash: patched.hash })
  const shrink = await writeVia('config.patch', { raw: '{ gateway: { trustedProxies: ["10.0.0.2"] } }', baseHash: trust.hash })
  expect(shrink.error.message).toStartWith('config.patch would remove entries from array path(s): gateway.trustedProxies.')
  const replaced = await client.call('config.patch', { raw: '{ gateway: { trustedProxies: ["10.0.0.2"] } }', baseHash: trust.hash, replacePaths: ['gateway.trustedProxies'] })
  expect(replaced.changedPaths).toEqual(['gateway.trustedProxies'])
})

test('config.schema is the schema the gateway validates with; lookup drills into one path', async () => {
  const { schema, uiHints, version } = await client.call('config.schema')
  expect(version).toBeString()
  expect(schema.properties.gateway.properties.port).toMatchObject({ type: 'integer', maximum: 65535 })
  expect(uiHints['channels.telegram.accounts.*.botToken']).toMatchObject({ sensitive: true })
  expect(uiHints['gateway.reload.mode']).toMatchObject({ label: 'Reload Mode', help: expect.stringContaining('hybrid') })
  const port = await client.call('config.schema.lookup', { path: 'gateway.port' })
  expect(port).toMatchObject({ path: 'gateway.port', schema: { type: 'integer' }, reloadKind: 'restart', children: [] })
  const session = await client.call('config.schema.lookup', { path: 'session' })
  expect(session.children).toContainEqual(expect.objectContaining({ key: 'dmScope', path: 'session.dmScope', type: 'string', reloadKind: 'hot' }))
  const account = await client.call('config.schema.lookup', { path: 'channels.slack.accounts.work.botToken' })
  expect(account).toMatchObject({ hintPath: 'channels.slack.accounts.*.botToken', hint: { sensitive: true }, reloadKind: 'hot' })
  const missing = await client.request('config.schema.lookup', { path: 'nope.x' })
  expect(missing.error).toMatchObject({ code: 'INVALID_REQUEST', message: 'config schema path not found' })
})

test('a config edit is announced with config.changed', async () => {
  writeFileSync(path, '{ session: { dmScope: "main" } }\n')
  const { payload } = await client.event('config.changed')
  const { hash, appliedConfigHash, configRevisionHash } = await client.call('config.get')
  expect(payload).toEqual({ path, hash, ts: expect.any(Number) })
  // What runs is what the file says, and a new connection's snapshot names that revision.
  expect(appliedConfigHash).toBe(configRevisionHash)
  const fresh = await TestClient.connect(gw.url, { token: gw.token })
  expect(fresh.hello!.snapshot.appliedConfigHash).toBe(appliedConfigHash)
  fresh.close()
})
