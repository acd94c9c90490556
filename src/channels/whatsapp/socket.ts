/**
 * The WhatsApp Web socket as the adapter uses it: a structural subset of Baileys' `WASocket`, so tests
 * can hand the adapter a stand-in whose `ev` they drive. `createBaileysSocket` is the real one.
 *
 * Baileys is pinned to 7.0.0-rc14 (package.json): its `latest` tag (6.17.x) depends on a GitHub-hosted
 * package and cannot install from the npm registry alone; the 7.0.0 release candidates from rc11 on do.
 */
import makeWASocket, { Browsers, makeCacheableSignalKeyStore, type AuthenticationState } from '@whiskeysockets/baileys'
import type { PinoLike } from './log-bridge.ts'
import type { WaMessage } from './normalize.ts'
import { installServerTrust } from './server-trust.ts'

type WaMessageKey = NonNullable<WaMessage['key']>

export interface WaConnectionUpdate {
  connection?: 'open' | 'connecting' | 'close'
  qr?: string
  lastDisconnect?: { error?: Error }
}

export interface WaSocket {
  ev: { on(event: string, listener: (arg: any) => void): unknown }
  user?: { id: string; lid?: string; name?: string }
  sendMessage(jid: string, content: Record<string, unknown>, options?: Record<string, unknown>): Promise<{ key?: { id?: string | null } } | undefined>
  sendPresenceUpdate(type: 'composing' | 'paused' | 'available' | 'unavailable', jid?: string): Promise<void>
  readMessages(keys: WaMessageKey[]): Promise<void>
  /** Asks WhatsApp to remove this linked device (`remove-companion-device`), then closes as loggedOut. */
  logout(msg?: string): Promise<void>
  end(error: Error | undefined): void
}

export interface SocketOptions {
  auth: AuthenticationState
  logger: PinoLike
  /** A frame from WhatsApp that Baileys failed to process (undecodable, bad compression…). */
  onFrameError(err: unknown): void
}

export type SocketFactory = (opts: SocketOptions) => WaSocket

/** @example createBaileysSocket({ auth, logger }, { waWebSocketUrl: 'ws://127.0.0.1:5222/ws/chat' }) */
export function createBaileysSocket(opts: SocketOptions, overrides: { waWebSocketUrl?: string } = {}): WaSocket {
  // Before the first socket: Baileys' own signature checks accept anything (server-trust.ts).
  installServerTrust()
  const logger = opts.logger as unknown as Parameters<typeof makeCacheableSignalKeyStore>[1]
  const sock = makeWASocket({
    auth: { creds: opts.auth.creds, keys: makeCacheableSignalKeyStore(opts.auth.keys, logger) },
    logger,
    browser: Browsers.ubuntu('OpenClaw'),
    // The gateway is a bot: it does not appear "online" to contacts, nor pull years of history.
    markOnlineOnConnect: false,
    syncFullHistory: false,
    ...(overrides.waWebSocketUrl && { waWebSocketUrl: overrides.waWebSocketUrl }),
  })
  catchFrameRejections(sock.ws as unknown as FrameEmitter, opts.onFrameError)
  return sock as unknown as WaSocket
}

interface FrameEmitter {
  listeners(event: 'message'): ((data: unknown) => unknown)[]
  removeAllListeners(event: 'message'): unknown
  on(event: 'message', listener: (data: unknown) => void): unknown
}

/**
 * Baileys handles each socket frame in an async listener whose promise nobody awaits: a frame that
 * fails to decode (bad compression, a garbled node) would be an unhandled rejection, which ends the
 * process. The same listeners run here with their failures handed to `onFrameError`.
 */
function catchFrameRejections(ws: FrameEmitter, onFrameError: (err: unknown) => void): void {
  const listeners = ws.listeners('message')
  ws.removeAllListeners('message')
  ws.on('message', (data) => {
    for (const listener of listeners) {
      try {
        void Promise.resolve(listener(data)).catch(onFrameError)
      } catch (err) {
        onFrameError(err)
      }
    }
  })
}
