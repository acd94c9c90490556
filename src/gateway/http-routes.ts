/**
 * The HTTP side of the port, in order: probes first, then each feature's routes (canvas, A2UI,
 * channel webhooks, WebChat, the Control UI). A route answers with a Response, or undefined to pass the request on.
 */
import type { GatewayRuntime } from './runtime.ts'
import { answerProbe, isProbePath } from './http-probes.ts'
import { webchatRoute } from '../webchat/route.ts'
import { canvasRoute } from '../canvas/routes.ts'
import { controlUiRoute } from '../control-ui/route.ts'

export type HttpRoute = (req: Request, url: URL, rt: GatewayRuntime) => Response | undefined | Promise<Response | undefined>

const probes: HttpRoute = (req, url, rt) =>
  isProbePath(url.pathname)
    ? answerProbe(req, url.pathname, { version: rt.services.version, startedAt: rt.services.startedAt, stopping: rt.stopping })
    : undefined

// Telegram webhooks and Slack's Events API, on paths the channel accounts own.
const channelWebhooks: HttpRoute = (req, url, rt) => rt.services.channels.handleHttp(req, url)

// WebChat keeps `/webchat` before the Control UI's app shell could claim it; both may answer `/`, so they go last.
const HTTP_ROUTES: HttpRoute[] = [probes, canvasRoute, channelWebhooks, webchatRoute, controlUiRoute]

export async function routeHttp(req: Request, url: URL, rt: GatewayRuntime, extra: readonly HttpRoute[]): Promise<Response> {
  for (const route of [...HTTP_ROUTES, ...extra]) {
    const res = await route(req, url, rt)
    if (res) return res
  }
  return new Response('not found', { status: 404 })
}
