/**
 * The HTTP side of the port, in order: probes and channel webhooks first (they answer any Host and
 * carry their own authentication), then the gateway's own pages (canvas, A2UI, WebChat, the Control
 * UI) behind the DNS-rebinding Host check. A route answers with a Response, or undefined to pass the request on.
 */
import type { ClientAddress } from '../auth/locality.ts'
import { isHostAllowed } from '../auth/origin-check.ts'
import type { GatewayRuntime } from './runtime.ts'
import { answerProbe, isProbePath } from './http-probes.ts'
import { httpError } from '../http/http-error.ts'
import type { HttpRoute } from '../http/route.ts'
import { webchatRoute } from '../webchat/route.ts'
import { canvasRoute } from '../canvas/routes.ts'
import { controlUiRoute } from '../control-ui/route.ts'

/** A route handed the whole runtime (the canvas, WebChat and Control UI routes each read only their part of it). */
export type GatewayRoute = HttpRoute<GatewayRuntime>

const probes: GatewayRoute = (req, url, rt) =>
  isProbePath(url.pathname)
    ? answerProbe(req, url.pathname, { version: rt.services.version, startedAt: rt.services.startedAt, stopping: rt.stopping })
    : undefined

// Telegram webhooks and Slack's Events API, on paths the channel accounts own.
const channelWebhooks: GatewayRoute = (req, url, rt) => rt.services.channels.handleHttp(req, url)

/** A page fetched through a name that resolves to us by DNS rebinding must not be served. */
const hostGuard: GatewayRoute = (req, _url, rt) => {
  const s = rt.services.settings
  const policy = { ...s.controlUi, bindHost: s.host, behindProxy: s.trustedProxies.length > 0 }
  return isHostAllowed(policy, req.headers.get('host')) ? undefined : httpError(403, 'host not allowed (this gateway is bound to loopback)')
}

// WebChat keeps `/webchat` before the Control UI's app shell could claim it; both may answer `/`, so they go last.
const HTTP_ROUTES: GatewayRoute[] = [probes, channelWebhooks, hostGuard, canvasRoute, webchatRoute, controlUiRoute]

export async function routeHttp(req: Request, url: URL, rt: GatewayRuntime, client: ClientAddress, extra: readonly GatewayRoute[]): Promise<Response> {
  for (const route of [...HTTP_ROUTES, ...extra]) {
    const res = await route(req, url, rt, client)
    if (res) return res
  }
  return httpError(404, 'not found')
}
