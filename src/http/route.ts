/**
 * One HTTP route on the gateway's port: a Response, or undefined to pass the request on. `Ctx` is what
 * the route reads from the running gateway; each route names only the part it needs (canvas, WebChat and
 * the Control UI stay below gateway/, which hands them its runtime).
 */
import type { ClientAddress } from '../auth/locality.ts'

export type HttpRoute<Ctx> = (req: Request, url: URL, ctx: Ctx, client: ClientAddress) => Response | undefined | Promise<Response | undefined>
