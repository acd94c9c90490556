/**
 * How a node host reaches its gateway: the WebSocket URL and the canvas host on the same port, both
 * over TLS when asked, and both trusting exactly the pinned certificate when `--tls-fingerprint` is given.
 */
import type { TLSOptions } from 'bun'
import { createCanvasClient, type CanvasClient } from './canvas-client.ts'
import { pinnedTls } from './tls-pin.ts'

export interface NodeTransport {
  url: string
  tls?: () => Promise<TLSOptions>
  canvas: CanvasClient
}

export function nodeTransport(opts: { host: string; port: number; secure: boolean; fingerprint?: string; token: () => string | undefined }): NodeTransport {
  const hostPart = opts.host.includes(':') ? `[${opts.host}]` : opts.host
  const fingerprint = opts.fingerprint
  const tls = fingerprint ? () => pinnedTls(opts.host, opts.port, fingerprint) : undefined
  return {
    url: `${opts.secure ? 'wss' : 'ws'}://${hostPart}:${opts.port}`,
    tls,
    canvas: createCanvasClient({ baseUrl: `${opts.secure ? 'https' : 'http'}://${hostPart}:${opts.port}`, token: opts.token, tls }),
  }
}
