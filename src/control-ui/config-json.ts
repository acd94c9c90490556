/**
 * `control-ui-config.json`: what the UI reads before it connects, with the original's field names.
 * Like the original it needs the gateway's credentials (`Authorization: Bearer`); features this
 * gateway does not have (terminal, CLI agents, favicon fetching) are reported off.
 */
import { assistantIdentity } from '../agent/identity.ts'
import type { ClientAddress } from '../auth/locality.ts'
import type { GatewaySettings } from '../config/settings.ts'
import { checkBearer, type BearerContext } from '../http/bearer.ts'
import type { ControlUiHost } from './host.ts'

/** What the Control UI's route reads from the running gateway. */
export type ControlUiContext = BearerContext & {
  services: { readonly version: string; readonly settings: Pick<GatewaySettings, 'auth' | 'agent'> }
  controlUi?: ControlUiHost
}

export function controlUiConfigResponse(req: Request, rt: ControlUiContext, client: ClientAddress, basePath: string): Response {
  const refused = rt.services.settings.auth.mode === 'none' ? undefined : checkBearer(req, rt, client)
  if (refused) return refused
  // The assistant the UI greets with is the configured default agent.
  const { agents, defaultAgentId } = rt.services.settings.agent
  const identity = assistantIdentity(agents.find((a) => a.id === defaultAgentId)!)
  return Response.json(
    {
      basePath,
      assistantName: identity.name,
      assistantAvatar: identity.avatar,
      assistantAvatarSource: null,
      assistantAvatarStatus: null,
      assistantAvatarReason: null,
      assistantAgentId: identity.agentId,
      serverVersion: rt.services.version,
      embedSandbox: 'scripts',
      allowExternalEmbedUrls: false,
      automaticallyFetchFavicons: false,
      communityInvite: true,
      terminalEnabled: false,
      cliAgentsEnabled: false,
      pluginAssetsRequireAuth: true,
      pluginFrameGrants: [],
    },
    { headers: { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' } },
  )
}
