/**
 * Who may use the canvas routes. On a loopback bind, reading is open (the browser on this host);
 * beyond loopback, and for every write, the caller needs `Authorization: Bearer` with the gateway's
 * shared secret or a live device token (PROTOCOL.md §6; gateway/http-bearer.ts), and a proxied
 * request without an attributable client is refused before anything else.
 */
import type { ClientAddress } from '../auth/locality.ts'
import { isLoopbackHost } from '../config/settings.ts'
import { checkBearer } from '../gateway/http-bearer.ts'
import { proxyAttributionRequired } from '../gateway/proxy-attribution.ts'
import type { GatewayRuntime } from '../gateway/runtime.ts'

function needsCanvasAuth(rt: GatewayRuntime, write: boolean): boolean {
  return write || !isLoopbackHost(rt.services.settings.host)
}

/** A refusal, or undefined when the request may go on. */
export function checkCanvasAccess(req: Request, rt: GatewayRuntime, client: ClientAddress, write: boolean): Response | undefined {
  if (client.unattributable) return proxyAttributionRequired()
  if (!needsCanvasAuth(rt, write)) return undefined
  return checkBearer(req, rt, client)
}
