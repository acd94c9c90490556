/** The Control UI's HTTP route: its config file (authenticated), then the build's files and app shell. */
import type { HttpRoute } from '../http/route.ts'
import { controlUiConfigResponse, type ControlUiContext } from './config-json.ts'
import { CONFIG_FILE } from './host.ts'

export const controlUiRoute: HttpRoute<ControlUiContext> = (req, url, rt, client) => {
  const host = rt.controlUi
  const local = host?.localPath(url.pathname)
  if (!host || local === undefined) return undefined
  if (local === `/${CONFIG_FILE}`) return controlUiConfigResponse(req, rt, client, host.basePath)
  return host.serve(req, local)
}
