/**
 * The original Control UI's Appearance, Tasks, Plugins, Approvals and Systems views against this
 * gateway, in headless Chromium: each shows this gateway's answer (the built-in themes and the saved one, a cron run as a
 * task, no plugins with the reason, an empty approval history, the gateway host) with no `unknown
 * method` for what the view itself reads. (Calls every page makes at start-up for features this
 * gateway lacks, such as `update.status`, are not served and fail quietly.)
 */
import { afterAll, beforeAll, expect } from 'bun:test'
import type { Browser, Page } from 'playwright-core'
import { browserTest, launchChromium } from '../helpers/chromium.ts'
import { BUILD_FETCH_TIMEOUT_MS, openControlUi, screenshot, startUiGateway, UI_LOAD_MS, type UiGateway, type WireLog } from './harness.ts'

let ui: UiGateway
let browser: Browser

beforeAll(async () => {
  ui = await startUiGateway()
  // One finished cron run for the Tasks page.
  ui.fake.script({ kind: 'text', chunks: ['nightly summary written'] })
  const job = await ui.client.call('cron.add', { name: 'Nightly summary', schedule: { kind: 'cron', expr: '0 3 * * *' }, payload: { kind: 'agentTurn', message: 'summarise' } })
  await ui.client.call('cron.run', { id: job.id })
  await ui.client.waitFor((f) => f.event === 'cron' && f.payload.action === 'finished', 30_000)
  // The theme a browser picked earlier (the UI saves it as ui.prefs): every new browser starts in it.
  await ui.client.call('config.set', { raw: '{ ui: { prefs: { theme: "knot" } } }' })
  browser = await launchChromium()
}, BUILD_FETCH_TIMEOUT_MS)

afterAll(async () => {
  await browser?.close()
  await ui?.stop()
})

const VIEW_TEST_MS = UI_LOAD_MS + 30_000

/** Opens a view, waits for what it must show, then checks the methods it read answered. */
async function view(path: string, name: string, reads: string[], shows: (page: Page) => Promise<void>): Promise<void> {
  const { page, wire, close } = await openControlUi(browser, ui, path)
  try {
    await shows(page)
    await waitForAnswers(wire, reads)
    await screenshot(page, name)
    expect(reads.filter((m) => !ui.gw.runtime.advertisedMethods.includes(m))).toEqual([])
    expect(wire.failures().filter((f) => reads.some((m) => f.startsWith(`${m}:`)))).toEqual([])
    const text = await page.locator('body').innerText()
    for (const m of reads) expect(text).not.toContain(`unknown method: ${m}`)
    expect(text).not.toMatch(/invalid [\w.]+ params/i)
  } finally {
    await close()
  }
}

/** Each method was called and answered (the view's own reads, whatever their order). */
async function waitForAnswers(wire: WireLog, methods: string[]): Promise<void> {
  const answered = () => methods.every((m) => wire.requests.some((r) => r.method === m && r.ok !== undefined))
  for (let waited = 0; !answered() && waited < UI_LOAD_MS; waited += 100) await Bun.sleep(100)
  const calls = wire.requests.map((r) => `${r.load}:${r.method}${r.ok === undefined ? '?' : r.ok ? '' : '!'}`).join(' ')
  expect({ unanswered: methods.filter((m) => !wire.requests.some((r) => r.method === m && r.ok !== undefined)), calls }).toEqual({ unanswered: [], calls })
}

browserTest('Appearance lists the built-in themes from themes.list, in the theme saved for the gateway', () =>
  view('/settings/appearance', 'appearance', ['themes.list'], async (page) => {
    await page.getByText('Manuscript').first().waitFor()
    await page.locator('html[data-theme-id="knot"]').waitFor({ state: 'attached' })
  }), VIEW_TEST_MS)

browserTest('Tasks shows the cron run', () =>
  view('/tasks', 'tasks', ['tasks.list'], async (page) => {
    await page.getByText('Nightly summary').first().waitFor()
  }), VIEW_TEST_MS)

browserTest('Plugins says why there is nothing to install', () =>
  view('/plugins', 'plugins', ['plugins.list', 'plugins.catalog.browse'], async (page) => {
    await page.getByText(/installs no plugins/).first().waitFor()
  }), VIEW_TEST_MS)

browserTest('Approvals shows an empty history', () =>
  view('/settings/approvals', 'approvals', ['approval.history'], async (page) => {
    await page.getByText(/No resolved approvals/).first().waitFor()
  }), VIEW_TEST_MS)

browserTest('Systems shows the gateway host', () =>
  view('/systems', 'systems', ['environments.list'], async (page) => {
    await page.getByText('Gateway host').first().waitFor()
  }), VIEW_TEST_MS)
