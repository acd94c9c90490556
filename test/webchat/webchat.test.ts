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
