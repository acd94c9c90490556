/**
 * Serving a Control UI build (gateway.controlUi) over HTTP, against a small build made here: files by
 * path, the app shell for the UI's routes, caching, precompressed assets, the config file behind the
 * gateway's credentials, the base path, and WebChat kept at /webchat.
 */
import { afterEach, expect, test } from 'bun:test'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { resolveAgentSettings } from '../../src/config/agent-settings.ts'
import { TestClient } from '../helpers/client.ts'
import type { GatewaySettings } from '../../src/config/settings.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'

const INLINE = 'window.__boot = 1'
let gw: TestGateway | undefined
let root: string

afterEach(async () => {
  await gw?.stop()
  gw = undefined
  rmSync(root, { recursive: true, force: true })
  rmSync(`${root}-outside.txt`, { force: true })
})

function makeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'control-ui-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), `<!doctype html><html lang="en"><head><link rel="icon" href="./favicon.svg" /><script>${INLINE}</script><script type="module" src="./assets/app-AbC123.js"></script></head><body></body></html>`)
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  writeFileSync(join(dir, 'manifest.webmanifest'), '{}')
  writeFileSync(join(dir, 'assets', 'app-AbC123.js'), 'console.log("app")')
  writeFileSync(join(dir, 'assets', 'app-AbC123.js.gz'), gzipSync('console.log("app")'))
  writeFileSync(join(dir, '.secret'), 'no')
  // A link inside the build that leads out of it is never followed.
  writeFileSync(`${dir}-outside.txt`, 'private')
  symlinkSync(`${dir}-outside.txt`, join(dir, 'leak.txt'))
  return dir
}

async function serve(basePath = '', settings: Omit<Partial<GatewaySettings>, 'controlUi'> = {}) {
  root = makeBuild()
  gw = await startTestGateway({ settings: { ...settings, controlUi: { allowedOrigins: [], allowHostHeaderOriginFallback: false, enabled: true, basePath, root } } })
  return `http://127.0.0.1:${gw.port}`
}

test('files, the app shell for UI routes, caching and content types', async () => {
  const base = await serve()
  const shell = await fetch(`${base}/chat/main`, { headers: { accept: 'text/html' } })
  expect(shell.status).toBe(200)
  expect(shell.headers.get('content-type')).toBe('text/html; charset=utf-8')
  expect(shell.headers.get('cache-control')).toBe('no-cache')
  const html = await shell.text()
  // Links work from deep routes, and the UI learns its base path.
  expect(html).toContain('href="/favicon.svg"')
  expect(html).toContain('src="/assets/app-AbC123.js"')
  expect(html).toContain('data-openclaw-control-ui-base-path=""')
  const hash = new Bun.CryptoHasher('sha256').update(INLINE).digest('base64')
  expect(shell.headers.get('content-security-policy')).toContain(`script-src 'self' 'sha256-${hash}'`)

  const asset = await fetch(`${base}/assets/app-AbC123.js`, { headers: { 'accept-encoding': 'identity' } })
  expect(asset.headers.get('content-type')).toBe('application/javascript; charset=utf-8')
  expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  expect(await asset.text()).toBe('console.log("app")')
  const packed = await fetch(`${base}/assets/app-AbC123.js`, { headers: { 'accept-encoding': 'gzip' }, decompress: false })
  expect(packed.headers.get('content-encoding')).toBe('gzip')

  const icon = await fetch(`${base}/favicon.svg`)
  expect([icon.headers.get('content-type'), icon.headers.get('cache-control')]).toEqual(['image/svg+xml', 'no-cache'])
  expect((await fetch(`${base}/manifest.webmanifest`)).headers.get('content-type')).toBe('application/manifest+json; charset=utf-8')

  // A missing file is a 404, not the shell; so is a UI route that refuses HTML, and hidden files.
  const gone = await fetch(`${base}/assets/gone-123.js`)
  expect(gone.status).toBe(404)
  // The gateway's one HTTP error shape, with the UI's own security headers.
  expect(await gone.json()).toEqual({ error: { message: 'not found', type: 'not_found' } })
  expect(gone.headers.get('x-frame-options')).toBe('DENY')
  expect((await fetch(`${base}/settings/models`, { headers: { accept: 'text/html;q=0, */*' } })).status).toBe(404)
  expect((await fetch(`${base}/.secret`)).status).toBe(404)
  const traversal = await fetch(`${base}/%2e%2e/%2e%2e/etc/passwd`)
  expect(traversal.status).not.toBe(500)
  expect(await traversal.text()).not.toContain('root:')
  expect((await fetch(`${base}/leak.txt`)).status).toBe(404)
  const post = await fetch(`${base}/chat/main`, { method: 'POST' })
  expect(post.status).toBe(405)
  expect(await post.json()).toEqual({ error: { message: 'method not allowed', type: 'method_not_allowed' } })
  expect(post.headers.get('allow')).toBe('GET, HEAD')
})

test('control-ui-config.json needs the gateway credentials; WebChat moves to /webchat', async () => {
  const base = await serve()
  expect((await fetch(`${base}/control-ui-config.json`)).status).toBe(401)
  expect((await fetch(`${base}/control-ui-config.json`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401)
  const ok = await fetch(`${base}/control-ui-config.json`, { headers: { authorization: `Bearer ${gw!.token}` } })
  expect(ok.status).toBe(200)
  expect(await ok.json()).toMatchObject({ basePath: '', assistantAgentId: 'main', serverVersion: gw!.runtime.services.version, terminalEnabled: false })
  expect(await (await fetch(`${base}/`)).text()).toContain('data-openclaw-control-ui-base-path')
  const webchat = await fetch(`${base}/webchat`)
  expect(webchat.status).toBe(200)
  expect(await webchat.text()).not.toContain('data-openclaw-control-ui-base-path')
})

test('a gateway whose default agent is not main says so in the hello, health and control-ui-config.json', async () => {
  const agent = resolveAgentSettings({ agents: { list: [{ id: 'home' }, { id: 'ops', default: true, identity: { name: 'Ops', emoji: '🛠️' } }] } }, {})
  const base = await serve('', { agent })
  const c = await TestClient.connect(gw!.url, { token: gw!.token })
  expect(c.hello!.snapshot.sessionDefaults).toEqual({ defaultAgentId: 'ops', mainKey: 'main', mainSessionKey: 'agent:ops:main', scope: 'per-sender' })
  expect(c.hello!.snapshot.health.defaultAgentId).toBe('ops')
  expect((await c.call('health', {})).defaultAgentId).toBe('ops')
  c.close()
  const config = await fetch(`${base}/control-ui-config.json`, { headers: { authorization: `Bearer ${gw!.token}` } })
  expect(await config.json()).toMatchObject({ assistantAgentId: 'ops', assistantName: 'Ops', assistantAvatar: '🛠️' })
})

test('under a base path the UI answers only there, and WebChat keeps /', async () => {
  const base = await serve('/openclaw')
  const shell = await fetch(`${base}/openclaw/chat/main`)
  expect(await shell.text()).toContain('src="/openclaw/assets/app-AbC123.js"')
  expect((await fetch(`${base}/openclaw/assets/app-AbC123.js`)).status).toBe(200)
  expect((await fetch(`${base}/openclaw/control-ui-config.json`, { headers: { authorization: `Bearer ${gw!.token}` } })).status).toBe(200)
  expect(await (await fetch(`${base}/`)).text()).not.toContain('data-openclaw-control-ui-base-path')
  expect((await fetch(`${base}/chat/main`)).status).toBe(404)
})
