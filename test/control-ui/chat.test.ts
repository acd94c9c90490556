/**
 * The original Control UI's chat view against this gateway, in headless Chromium: a typed message
 * reaches the agent, the reply streams back, both are there after a reload, the sidebar lists the
 * sessions, no request fails, and the page does not storm the gateway.
 */
import { afterAll, beforeAll, expect } from 'bun:test'
import type { Browser } from 'playwright-core'
import { chatEnded, runEvents } from '../helpers/agent.ts'
import { browserTest, launchChromium } from '../helpers/chromium.ts'
import { BUILD_FETCH_TIMEOUT_MS, composer, openControlUi, screenshot, startUiGateway, type UiGateway } from './harness.ts'

let ui: UiGateway
let browser: Browser

beforeAll(async () => {
  ui = await startUiGateway()
  // A second session, renamed, for the sidebar to list.
  ui.fake.script({ kind: 'text', chunks: ['noted'] })
  const { runId } = await ui.client.call('chat.send', { sessionKey: 'agent:main:notes', message: 'remember the milk', idempotencyKey: 'seed-1' })
  await runEvents(ui.client, runId, chatEnded)
  await ui.client.call('sessions.patch', { key: 'agent:main:notes', label: 'Shopping notes' })
  browser = await launchChromium()
}, BUILD_FETCH_TIMEOUT_MS)

afterAll(async () => {
  await browser?.close()
  await ui?.stop()
})

browserTest('chat view: send, stream the reply, reload, sidebar, no failed or storming requests', async () => {
  const { page, wire, close } = await openControlUi(browser, ui)
  try {
    await composer(page).waitFor()
    ui.fake.script({ kind: 'text', chunks: ['Streamed ', 'reply ', 'from the ', 'fake model'] })
    await composer(page).fill('Hello from the browser')
    await composer(page).press('Enter')
    await page.getByText('Streamed reply from the fake model').first().waitFor()
    await screenshot(page, 'chat-reply')
    expect(ui.fake.requests.at(-1)!.body.messages.at(-1).content).toContain('Hello from the browser')
    // The optimistic bubble and the stored message become one message, not two.
    const typed = page.getByText('Hello from the browser', { exact: true })
    await typed.nth(1).waitFor({ state: 'detached' })
    expect(await typed.count()).toBe(1)

    await page.reload({ waitUntil: 'commit' })
    await page.getByText('Streamed reply from the fake model').first().waitFor()
    await page.getByText('Hello from the browser', { exact: true }).first().waitFor()
    await page.getByText('Shopping notes').first().waitFor()
    await screenshot(page, 'chat-after-reload')

    expect(await page.locator('body').innerText()).not.toMatch(/unknown method|invalid [\w.]+ params/i)
    // The UI also calls methods this gateway does not advertise (features it does not have); those fail
    // with `unknown method` and the UI carries on. Everything advertised must answer.
    const advertised = new Set(ui.gw.runtime.advertisedMethods)
    const failed = wire.requests.filter((r) => r.ok === false)
    expect(failed.filter((r) => advertised.has(r.method) || !r.error?.message?.startsWith('unknown method')).map((r) => `${r.method}: ${r.error?.message}`)).toEqual([])
    expect(wire.peakRequests(10_000)).toBeLessThanOrEqual(50)
    const { called, ok } = wire.summary()
    console.log(`chat view: ${called} methods called, ${ok} always answered ok; peak ${wire.peakRequests(10_000)} requests in 10 s; failing: ${[...new Set(failed.map((r) => r.method))].join(', ')}`)
  } finally {
    await close()
  }
}, 240_000)
