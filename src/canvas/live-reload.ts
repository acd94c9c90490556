/**
 * Live reload: one recursive `fs.watch` on the canvas folder, and Server-Sent Events to every open
 * page. Changes are debounced so an editor's save-rename-chmod burst becomes one reload.
 */
import { watch, type FSWatcher } from 'node:fs'

const DEBOUNCE_MS = 75
/** A comment line often enough that no idle timeout (Bun's is 10 s) closes a quiet stream. */
const KEEPALIVE_MS = 5_000

export const LIVE_RELOAD_PATH = '/__openclaw__/live-reload'

/** The snippet injected into served HTML: reload when the folder changes. EventSource reconnects by itself. */
const LIVE_RELOAD_SNIPPET =
  `<script>(()=>{const s=new EventSource(${JSON.stringify(LIVE_RELOAD_PATH)});` +
  `s.addEventListener('reload',()=>location.reload())})()</script>`

export function injectLiveReload(html: string): string {
  const at = html.toLowerCase().lastIndexOf('</body>')
  return at === -1 ? html + LIVE_RELOAD_SNIPPET : html.slice(0, at) + LIVE_RELOAD_SNIPPET + html.slice(at)
}

export function createLiveReload(root: string) {
  const encoder = new TextEncoder()
  const clients = new Set<ReadableStreamDefaultController<Uint8Array>>()
  let timer: Timer | undefined
  let changed = new Set<string>()

  const send = (text: string) => {
    const bytes = encoder.encode(text)
    for (const c of clients) {
      try {
        c.enqueue(bytes)
      } catch {
        clients.delete(c) // the page went away between our check and the write
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
    /** An SSE response that stays open until the page leaves or the gateway stops. */
    subscribe(): Response {
      if (!watcher) startWatching()
      let self: ReadableStreamDefaultController<Uint8Array>
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          self = controller
          clients.add(controller)
          controller.enqueue(encoder.encode('retry: 1000\n: connected\n\n'))
        },
        cancel() {
          clients.delete(self)
        },
      })
      return new Response(stream, {
        headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' },
      })
    },
    close(): void {
      watcher?.close()
      clearTimeout(timer)
      clearInterval(keepalive)
      for (const c of clients) {
        try {
          c.close()
        } catch {
          // already closed by the client
        }
      }
      clients.clear()
    },
  }
}

export type LiveReload = ReturnType<typeof createLiveReload>
