/**
 * Live reload: one recursive `fs.watch` on the canvas folder, and Server-Sent Events to every open
 * page. Changes are debounced so an editor's save-rename-chmod burst becomes one reload.
 */
import { watch, type FSWatcher } from 'node:fs'

const DEBOUNCE_MS = 75
/** A comment line often enough that no idle timeout (Bun's is 10 s) closes a quiet stream. */
const KEEPALIVE_MS = 5_000
/** Streams open at once, and per client address: each holds a socket and a file descriptor. */
export const MAX_LIVE_RELOAD_STREAMS = 64
const MAX_STREAMS_PER_ADDRESS = 16
/** Events waiting for a page that does not read; past this it is disconnected. */
const MAX_QUEUED_EVENTS = 100
/** A stream ends after this long; the page's EventSource reconnects by itself (`retry: 1000`). */
export const LIVE_RELOAD_MAX_AGE_MS = 5 * 60_000

export const LIVE_RELOAD_PATH = '/__openclaw__/live-reload'

/** The snippet injected into served HTML: reload when the folder changes. EventSource reconnects by itself. */
const LIVE_RELOAD_SNIPPET =
  `<script>(()=>{const s=new EventSource(${JSON.stringify(LIVE_RELOAD_PATH)});` +
  `s.addEventListener('reload',()=>location.reload())})()</script>`

export function injectLiveReload(html: string): string {
  const at = html.toLowerCase().lastIndexOf('</body>')
  return at === -1 ? html + LIVE_RELOAD_SNIPPET : html.slice(0, at) + LIVE_RELOAD_SNIPPET + html.slice(at)
}

export interface LiveReloadLimits {
  maxStreams: number
  maxAgeMs: number
}

export function createLiveReload(root: string, limits: LiveReloadLimits) {
  const encoder = new TextEncoder()
  /** Each open stream and the function that ends it. */
  const clients = new Map<ReadableStreamDefaultController<Uint8Array>, () => void>()
  const perAddress = new Map<string, number>()
  let timer: Timer | undefined
  let changed = new Set<string>()

  const send = (text: string) => {
    const bytes = encoder.encode(text)
    for (const [c, end] of clients) {
      // A page that stopped reading is let go rather than queued for.
      if ((c.desiredSize ?? 0) < -MAX_QUEUED_EVENTS) {
        end()
        continue
      }
      try {
        c.enqueue(bytes)
      } catch {
        end() // the page went away between our check and the write
      }
    }
  }

  // Only an open page hears a reload, so the watch starts with the first one: setting up a recursive
  // watch costs start-up time (about 2 ms) that a gateway nobody opens a canvas on need not pay.
  let watcher: FSWatcher | undefined
  let keepalive: Timer | undefined
  const startWatching = () => {
    watcher = watch(root, { recursive: true }, (_event, file) => {
      if (file) changed.add(String(file))
      clearTimeout(timer)
      timer = setTimeout(() => {
        const paths = [...changed].filter((p) => !p.endsWith('.tmp'))
        changed = new Set()
        send(`event: reload\ndata: ${JSON.stringify({ paths })}\n\n`)
      }, DEBOUNCE_MS)
    })
    keepalive = setInterval(() => send(': keepalive\n\n'), KEEPALIVE_MS)
    keepalive.unref()
  }

  return {
    /**
     * An SSE response that stays open until the page leaves, the stream's time is up or the gateway
     * stops; null when the caps are reached. The response allows any origin: canvas pages run in an
     * opaque origin (routes.ts), and the stream carries only the names of changed files.
     */
    subscribe(address: string, signal: AbortSignal): Response | null {
      const mine = perAddress.get(address) ?? 0
      if (clients.size >= limits.maxStreams || mine >= MAX_STREAMS_PER_ADDRESS) return null
      if (!watcher) startWatching()
      perAddress.set(address, mine + 1)
      let self: ReadableStreamDefaultController<Uint8Array>
      let expiry: Timer | undefined
      const end = () => {
        if (!clients.delete(self)) return
        clearTimeout(expiry)
        signal.removeEventListener('abort', end)
        const left = (perAddress.get(address) ?? 1) - 1
        if (left <= 0) perAddress.delete(address)
        else perAddress.set(address, left)
        try {
          self.close()
        } catch {
          // the page already went away
        }
      }
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          self = controller
          clients.set(controller, end)
          controller.enqueue(encoder.encode('retry: 1000\n: connected\n\n'))
          expiry = setTimeout(end, limits.maxAgeMs)
          expiry.unref()
          signal.addEventListener('abort', end)
        },
        cancel: end,
      })
      return new Response(stream, {
        headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'access-control-allow-origin': '*' },
      })
    },
    /** Streams open now. */
    size: () => clients.size,
    close(): void {
      watcher?.close()
      clearTimeout(timer)
      clearInterval(keepalive)
      for (const end of [...clients.values()]) end()
      perAddress.clear()
    },
  }
}

export type LiveReload = ReturnType<typeof createLiveReload>
