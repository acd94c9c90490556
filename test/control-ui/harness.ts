/**
 * The original Control UI against this gateway, for view tests: the build (fetched once by
 * scripts/fetch-control-ui.sh), a gateway serving it with a fake model, a fresh browser page on it,
 * and a log of the page's WebSocket requests and answers.
 *
 * @example
 *   const ui = await startUiGateway()
 *   const browser = await launchChromium()
 *   const { page, wire } = await openControlUi(browser, ui, '/chat/main')
 *   expect(wire.failures()).toEqual([])
 */
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { resolveAgentSettings } from '../../src/config/agent-settings.ts'
import type { GatewayFileConfig } from '../../src/config/schema.ts'
import { agentConfig, operator, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'
import type { TestClient } from '../helpers/client.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'

const FETCH_SCRIPT = join(import.meta.dir, '..', '..', 'scripts', 'fetch-control-ui.sh')
/** `npm pack` of the whole package, on a busy machine. */
export const BUILD_FETCH_TIMEOUT_MS = 180_000

let build: Promise<string> | undefined

/** The Control UI build's folder (downloaded on first use, then cached on disk). */
export function controlUiBuild(): Promise<string> {
  build ??= (async () => {
    const proc = Bun.spawn(['bash', FETCH_SCRIPT], { stdout: 'pipe', stderr: 'pipe' })
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited])
    if (code !== 0) throw new Error(`fetch-control-ui.sh failed (${code}): ${err}`)
    return out.trim()
  })()
  return build
}

export interface UiGateway {
  gw: TestGateway
  fake: FakeModelServer
  /** http://127.0.0.1:<port> */
  httpBase: string
  /** An operator connection for seeding state the way any client would. */
  client: TestClient
  stop(): Promise<void>
}

/** A gateway serving the Control UI at `/`, its agent answering from a fake OpenAI-compatible model. */
export async function startUiGateway(opts: { config?: GatewayFileConfig } = {}): Promise<UiGateway> {
  const root = await controlUiBuild()
  const fake = startFakeModelServer('openai')
  const gw = await startTestGateway({
    settings: { agent: resolveAgentSettings(agentConfig(fake, 'openai', opts.config), {}), controlUi: { allowedOrigins: [], allowHostHeaderOriginFallback: false, enabled: true, basePath: '', root } },
  })
  const client = await operator(gw)
  return {
    gw, fake, client,
    httpBase: `http://127.0.0.1:${gw.port}`,
    async stop() {
      client.close()
      await gw.stop()
      await fake.stop()
    },
  }
}

export interface WireRequest {
  at: number
  /** Which load of the page sent it (a reload is a new page). */
  load: number
  id: string
  method: string
  params: unknown
  /** Set when the answer arrived. */
  ok?: boolean
  error?: { code?: string; message?: string }
}

/** Every request frame one page sent over its WebSockets, with its answer. */
export class WireLog {
  readonly requests: WireRequest[] = []
  private readonly byId = new Map<string, WireRequest>()
  private load = 0

  watch(page: Page): void {
    // A document request of the main frame starts a new page (the first load, a reload); history-API
    // route changes inside the app are no request and stay the same page.
    page.on('request', (r) => {
      if (r.isNavigationRequest() && r.frame() === page.mainFrame()) this.load++
    })
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => this.sent(String(f.payload)))
      ws.on('framereceived', (f) => this.received(String(f.payload)))
    })
  }

  /** Distinct methods called, and how many of them always answered ok. */
  summary(): { called: number; ok: number } {
    const methods = new Map<string, boolean>()
    for (const r of this.requests) methods.set(r.method, (methods.get(r.method) ?? true) && r.ok === true)
    return { called: methods.size, ok: [...methods.values()].filter(Boolean).length }
  }

  /** Requests answered with an error, as `method: message`. */
  failures(): string[] {
    return this.requests.filter((r) => r.ok === false).map((r) => `${r.method}: ${r.error?.message ?? r.error?.code}`)
  }

  /** The most requests one load of the page sent within any window of `windowMs`. */
  peakRequests(windowMs: number): number {
    let peak = 0
    let from = 0
    for (let to = 0; to < this.requests.length; to++) {
      const last = this.requests[to]!
      while (this.requests[from]!.load !== last.load || last.at - this.requests[from]!.at > windowMs) from++
      peak = Math.max(peak, to - from + 1)
    }
    return peak
  }

  private sent(text: string): void {
    const frame = parse(text)
    if (frame?.type !== 'req' || frame.method === 'connect') return
    const req: WireRequest = { at: Date.now(), load: this.load, id: String(frame.id), method: String(frame.method), params: frame.params }
    this.requests.push(req)
    this.byId.set(req.id, req)
  }

  private received(text: string): void {
    const frame = parse(text)
    const req = frame?.type === 'res' ? this.byId.get(String(frame.id)) : undefined
    if (!req) return
    req.ok = frame!.ok === true
    if (!req.ok) req.error = frame!.error as WireRequest['error']
  }
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * How long a page may take to load and render the UI's 50 MB of scripts, and to show what a test waits
 * for, on a 2-core machine running many test files at once (load 30 and more).
 */
export const UI_LOAD_MS = 90_000

/**
 * The UI's own mount watchdog (`data-openclaw-mount-timeout-ms`, 12 s in the build) reloads the page
 * once when the bundle has not rendered by then; on a busy test machine that is a normal load, and the
 * reload starts it over. The page a test opens gives it as long as the test waits. (The parser runs
 * pending observers before it runs an inline script, so the attribute is set before the watchdog reads it.)
 */
async function patientMountWatchdog(context: BrowserContext): Promise<void> {
  await context.addInitScript((ms: number) => {
    new MutationObserver((_records, observer) => {
      const fallback = document.getElementById('openclaw-mount-fallback')
      if (!fallback) return
      fallback.setAttribute('data-openclaw-mount-timeout-ms', String(ms))
      observer.disconnect()
    }).observe(document, { childList: true, subtree: true })
  }, UI_LOAD_MS)
}

/**
 * A fresh browser context (no stored device or token) opened on `path`, signed in with the gateway token.
 * Every wait on the page (navigation included) may take UI_LOAD_MS: what a test waits for is the
 * text a view must show, not a page `load` event within a default 30 s.
 */
export async function openControlUi(browser: Browser, ui: UiGateway, path = '/'): Promise<{ page: Page; wire: WireLog; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  context.setDefaultTimeout(UI_LOAD_MS)
  await patientMountWatchdog(context)
  const page = await context.newPage()
  const wire = new WireLog()
  wire.watch(page)
  await page.goto(`${ui.httpBase}${path}#token=${encodeURIComponent(ui.gw.token)}`, { waitUntil: 'commit' })
  return { page, wire, close: () => context.close() }
}

/** The chat composer, once the UI has connected and opened a session. */
export function composer(page: Page) {
  return page.getByPlaceholder(/^Message /).first()
}

/** Saves a screenshot when OPENCLAW_UI_SHOTS names a folder (to look at what the UI rendered). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.OPENCLAW_UI_SHOTS
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`) })
}
