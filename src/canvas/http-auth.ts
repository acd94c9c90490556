/**
 * Who may use the canvas routes. On a loopback bind, reading is open (the browser on this host);
 * beyond loopback, and for every write, the caller needs `Authorization: Bearer` with the gateway's
 * shared secret or a live device token (PROTOCOL.md §6; checked by gateway/http-auth.ts).
 */
import { isLoopbackHost } from '../config/settings.ts'
import type { GatewayRuntime } from '../gateway/runtime.ts'

export function needsCanvasAuth(rt: GatewayRuntime, write: boolean): boolean {
  return write || !isLoopbackHost(rt.services.settings.host)
}
