import { afterAll, beforeAll, expect, test } from 'bun:test'
import type { TestGateway } from '../helpers/gateway.ts'
import { startAgentGateway, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'
import { browserTest, launchChromium } from '../helpers/chromium.ts'

let gw: TestGateway
let fake: FakeModelServer
beforeAll(async () => {
  fake = startFakeModelServer('openai', { delayMs: 60 })
  gw = await startAgentGateway({ fake })
})
afterAll(async () => {
  await gw.stop()
  await fake.stop()
})

const httpBase = () => `http://127.0.0.1:${gw.port}`

test('GET / serves the small, self-contained WebChat page', async () => {
  const res = await fetch(`${httpBase()}/`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
  expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
  const html = await res.text()
  expect(html).toContain('chat.send')
  expect(html.length).toBeLessThan(16_000)
  expect((await fetch(`${httpBase()}/`, { method: 'POST' })).status).toBe(405)
})

browserTest('in Chromium: connect, send, watch the reply stream, reload and see the history', async () => {
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    fake.script({ kind: 'text', chunks: ['Streaming', ' works', ' in', ' the', ' browser.'] })
    await page.goto(`${httpBase()}/#token=${gw.token}`)
    await page.locator('#status', { hasText: /^connected$/ }).waitFor({ timeout: 10_000 })
    await page.fill('#input', 'Hello from Chromium')
    await page.press('#input', 'Enter')
    // A partial reply is visible while the stream is still running.
    await page.locator('.assistant.streaming', { hasText: 'Streaming' }).waitFor({ timeout: 10_000 })
    await page.locator('.assistant:not(.streaming)', { hasText: 'Streaming works in the browser.' }).waitFor({ timeout: 10_000 })
    await page.reload()
    await page.locator('#status', { hasText: /^connected$/ }).waitFor({ timeout: 10_000 })
    await page.locator('.user', { hasText: 'Hello from Chromium' }).waitFor({ timeout: 10_000 })
    expect(await page.locator('.assistant').allTextContents()).toEqual(['Streaming works in the browser.'])
    expect(errors).toEqual([])
    // The browser paired itself silently (loopback) with its own device identity.
    expect(gw.runtime.services.pairing.listDevices().some((d) => d.clientId === 'webchat-ui')).toBe(true)
  } finally {
    await browser.close()
  }
})

browserTest('a canvas page the agent wrote cannot read WebChat credentials; WebChat keeps none in localStorage', async () => {
  // The agent's page tries everything a same-origin script could: storage, the key database, the gateway.
  const probe = `<!doctype html><body><script>
    const out = {}
    const attempt = async (name, fn) => { try { out[name] = await fn() } catch (e) { out[name] = 'blocked: ' + e.name } }
    ;(async () => {
      await attempt('localStorage', () => JSON.stringify({ ...localStorage }))
      await attempt('indexedDB', () => new Promise((resolve, reject) => {
        const r = indexedDB.open('openclaw-webchat'); r.onsuccess = () => resolve('opened'); r.onerror = () => reject(r.error)
      }))
      await attempt('origin', () => location.origin + ' / ' + self.origin)
      document.title = 'done'
      document.body.dataset.out = JSON.stringify(out)
    })()
  </script></body>`
  const put = await fetch(`${httpBase()}/__openclaw__/canvas/probe.html`, { method: 'PUT', body: probe, headers: { authorization: `Bearer ${gw.token}` } })
  expect(put.status).toBe(200)
  const browser = await launchChromium()
  try {
    const context = await browser.newContext()
    const chat = await context.newPage()
    await chat.goto(`${httpBase()}/#token=${gw.token}`)
    await chat.locator('#status', { hasText: /^connected$/ }).waitFor({ timeout: 10_000 })
    // WebChat itself: nothing in localStorage; its private key is in IndexedDB and cannot be exported.
    const own = await chat.evaluate(async () => {
      const db: IDBDatabase = await new Promise((resolve) => { const r = indexedDB.open('openclaw-webchat'); r.onsuccess = () => resolve(r.result) })
      const get = (key: string) => new Promise<any>((resolve) => { const r = db.transaction('kv').objectStore('kv').get(key); r.onsuccess = () => resolve(r.result) })
      const pair = await get('device')
      const exported = await crypto.subtle.exportKey('jwk', pair.privateKey).then(() => 'exported', (e) => e.name)
      return { localStorage: localStorage.length, extractable: pair.privateKey.extractable, exported, deviceToken: typeof (await get('deviceToken')) }
    })
    expect(own).toEqual({ localStorage: 0, extractable: false, exported: 'InvalidAccessError', deviceToken: 'string' })
    // The same browser opens the agent's page on the same host and port: it runs in an opaque origin.
    const canvas = await context.newPage()
    await canvas.goto(`${httpBase()}/__openclaw__/canvas/probe.html`)
    await canvas.waitForFunction(() => document.title === 'done', undefined, { timeout: 10_000 })
    const out = JSON.parse((await canvas.locator('body').getAttribute('data-out'))!)
    expect(out.localStorage).toStartWith('blocked: SecurityError')
    expect(out.indexedDB).toStartWith('blocked: SecurityError')
    expect(out.origin).toEndWith(' / null')
    // And WebChat still reconnects after a reload, on its stored device token alone.
    await chat.reload()
    await chat.locator('#status', { hasText: /^connected$/ }).waitFor({ timeout: 10_000 })
  } finally {
    await browser.close()
  }
}, 60_000) // two pages and a reload in one Chromium: a loaded 2-core machine needs more than 30 s
