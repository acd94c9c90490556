/**
 * The original Control UI's Automations, Logs, Devices, Usage, Agents and Debug views against this
 * gateway, in headless Chromium: each shows this gateway's data (a cron job, log lines, the browser's
 * own device, the tokens a run used, the agent), none shows an `unknown method` or params error, and
 * no page sends more than 50 requests in 10 s.
 */
import { afterAll, beforeAll, expect } from 'bun:test'
import type { Browser, Page } from 'playwright-core'
import { chatEnded, runEvents } from '../helpers/agent.ts'
import { browserTest, launchChromium } from '../helpers/chromium.ts'
import { BUILD_FETCH_TIMEOUT_MS, openControlUi, screenshot, startUiGateway, UI_LOAD_MS, type UiGateway, type WireLog } from './harness.ts'

let ui: UiGateway
let browser: Browser
const summaries: string[] = []

beforeAll(async () => {
  ui = await startUiGateway()
  // One run with distinctive token counts for the Usage page, and a job for Automations.
  ui.fake.script({ kind: 'text', chunks: ['usage seeded'], usage: { input: 4321, output: 1234 } })
  const { runId } = await ui.client.call('chat.send', { sessionKey: 'main', message: 'count my tokens', idempotencyKey: 'usage-1' })
  await runEvents(ui.client, runId, chatEnded)
  await ui.client.call('cron.add', { name: 'Morning briefing', schedule: { kind: 'cron', expr: '0 7 * * *' }, payload: { kind: 'agentTurn', message: 'brief me' } })
  browser = await launchChromium()
}, BUILD_FETCH_TIMEOUT_MS)

afterAll(async () => {
  await browser?.close()
  await ui?.stop()
  console.log(summaries.join('\n'))
})

/** One view: its page load and first render (UI_LOAD_MS at most), then the checks. */
const VIEW_TEST_MS = UI_LOAD_MS + 30_000

/** Opens a view, waits for what it must show, then checks what every view must not do. */
async function view(path: string, name: string, shows: (page: Page) => Promise<void>): Promise<void> {
  const { page, wire, close } = await openControlUi(browser, ui, path)
  try {
    await shows(page)
    // Let the view's follow-up requests (polls, lazy panels) happen before counting.
    await page.waitForTimeout(1500)
    await screenshot(page, name)
    expect(await page.locator('body').innerText()).not.toMatch(/unknown method|invalid [\w.]+ params/i)
    expectNoAdvertisedFailures(wire)
    expect(wire.peakRequests(10_000)).toBeLessThanOrEqual(50)
    const { called, ok } = wire.summary()
    const failing = [...new Set(wire.requests.filter((r) => r.ok === false).map((r) => r.method))]
    summaries.push(`${name}: ${called} methods called, ${ok} always answered ok; peak ${wire.peakRequests(10_000)} requests in 10 s; failing (not advertised here): ${failing.join(', ') || 'none'}`)
  } finally {
    await close()
  }
}

/** Methods this gateway advertises must answer; the UI also calls ones it does not have (features absent here). */
function expectNoAdvertisedFailures(wire: WireLog): void {
  const advertised = new Set(ui.gw.runtime.advertisedMethods)
  const bad = wire.requests.filter((r) => r.ok === false && (advertised.has(r.method) || !r.error?.message?.startsWith('unknown method')))
  expect(bad.map((r) => `${r.method}: ${r.error?.message}`)).toEqual([])
}

browserTest('Automations lists the cron job', () =>
  view('/automations', 'automations', async (page) => {
    await page.getByText('Morning briefing').first().waitFor()
    await page.getByText('Cron 0 7 * * *').first().waitFor()
  }), VIEW_TEST_MS)

browserTest('Logs shows the gateway log lines', () =>
  view('/logs', 'logs', async (page) => {
    await page.getByText(/listening on ws:\/\/127\.0\.0\.1/).first().waitFor()
  }), VIEW_TEST_MS)

browserTest('Devices lists the browser\'s own device', () =>
  view('/settings/devices', 'devices', async (page) => {
    await page.getByText('openclaw-control-ui').first().waitFor()
    await page.getByText('auto-paired').first().waitFor()
  }), VIEW_TEST_MS)

browserTest('Usage shows the tokens the run used', () =>
  view('/usage', 'usage', async (page) => {
    // 4321 in + 1234 out, as the fake provider reported them.
    await page.getByText(/5,555|5\.6K/).first().waitFor()
  }), VIEW_TEST_MS)

browserTest('Agents lists the agent', () =>
  view('/agents', 'agents', async (page) => {
    // The agent's card: its name and its model from agents.list.
    await page.getByText('fake/fake-1').first().waitFor()
    await page.getByText('Assistant').first().waitFor()
  }), VIEW_TEST_MS)

browserTest('Debug shows status, health and the run lanes', () =>
  view('/debug', 'debug', async (page) => {
    await page.getByText('"runtimeVersion"').first().waitFor()
  }), VIEW_TEST_MS)
