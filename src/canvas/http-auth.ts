/**
 * Who may use the canvas routes. On a loopback bind, reading is open (the browser on this host);
 * beyond loopback, and for every write, the caller needs `Authorization: Bearer` with the gateway's
 * shared secret or a live device token (PROTOCOL.md §6; http/bearer.ts), and a proxied
 * request without an attributable client is refused before anything else.
 */
import type { ClientAddress } from '../auth/locality.ts'
import { isLoopbackHost, type GatewaySettings } from '../config/settings.ts'
import { checkBearer, type BearerContext } from '../http/bearer.ts'
import { proxyAttributionRequired } from '../http/proxy-attribution.ts'
import type { CanvasHost } from './canvas-host.ts'

/** What the canvas routes read from the running gateway. */
export type CanvasContext = BearerContext & { services: { readonly settings: Pick<GatewaySettings, 'host'> }; canvas: CanvasHost }

function needsCanvasAuth(rt: CanvasContext, write: boolean): boolean {
  return write || !isLoopbackHost(rt.services.settings.host)
}

/** A refusal, or undefined when the request may go on. */
export function checkCanvasAccess(req: Request, rt: CanvasContext, client: ClientAddress, write: boolean): Response | undefined {
  if (client.unattributable) return proxyAttributionRequired()
  if (!needsCanvasAuth(rt, write)) return undefined
  return checkBearer(req, rt, client)
}
