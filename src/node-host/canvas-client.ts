/**
 * The node host's view of the gateway's canvas host: read and write files in its `canvas/` folder over
 * the same port, authenticated with this node's device token (or the gateway token before it has one).
 */
import type { TLSOptions } from 'bun'

export interface CanvasClient {
  /** The URL a viewer opens for `path` (the folder itself when empty). */
  urlOf(path: string): string
  read(path: string): Promise<{ status: number; body: Uint8Array; contentType: string }>
  write(path: string, body: Uint8Array): Promise<{ status: number; text: string }>
}

const encodePath = (path: string) => path.split('/').filter(Boolean).map(encodeURIComponent).join('/')

/** `tls` is the same certificate pin the node's WebSocket uses (tls-pin.ts), applied to every request. */
export function createCanvasClient(opts: { baseUrl: string; token: () => string | undefined; tls?: () => Promise<TLSOptions> }): CanvasClient {
  const mount = `${opts.baseUrl}/__openclaw__/canvas/`
  const headers = (): Record<string, string> => {
    const token = opts.token()
    return token ? { authorization: `Bearer ${token}` } : {}
  }
  return {
    urlOf: (path) => mount + encodePath(path),
    async read(path) {
      const res = await fetch(`${mount}${encodePath(path)}?raw=1`, { headers: headers(), tls: await opts.tls?.(), redirect: 'manual' })
      return { status: res.status, body: new Uint8Array(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? '' }
    },
    async write(path, body) {
      const res = await fetch(mount + encodePath(path), { method: 'PUT', body: new Uint8Array(body), headers: headers(), tls: await opts.tls?.() })
      return { status: res.status, text: await res.text() }
    },
  }
}
