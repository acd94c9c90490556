/**
 * `models.list` / `models.authStatus`: what `models.providers` (and the OPENAI_/ANTHROPIC_ env
 * shortcuts) configure. There is no remote catalog or allowlist here, so every `view` is the one
 * configured list (config/configured-models.ts), the one `/model` shows too.
 */
import type { ProviderSettings } from '../config/agent-settings.ts'
import { configuredModels } from '../config/configured-models.ts'
import { isLoopbackHost } from '../config/settings.ts'
import { GatewayError } from '../protocol/index.ts'
import { defineMethod } from './define-method.ts'

/** Hosted services that refuse calls without a key; any other endpoint (Ollama, vLLM, ...) may take none. */
const KEYED_HOSTS = ['api.openai.com', 'api.anthropic.com']

const needsKey = (p: ProviderSettings) => KEYED_HOSTS.some((h) => p.baseUrl.includes(h))
const usable = (p: ProviderSettings) => Boolean(p.apiKey) || !needsKey(p)

/** An endpoint on this host (Ollama, vLLM, ...): what `includeDetails` reports as `local`. */
function isLocal(p: ProviderSettings): boolean {
  try {
    return isLoopbackHost(new URL(p.baseUrl).hostname.replace(/^\[|\]$/g, ''))
  } catch {
    return false
  }
}

export const modelsList = defineMethod('models.list', {
  access: 'operator.read',
  handle(p, ctx) {
    // The original's published-catalog contract: the two are mutually exclusive, and a provider filter names one that exists.
    if (p.preparedOnly && p.refresh) throw new GatewayError('INVALID_REQUEST', 'preparedOnly and refresh are mutually exclusive')
    if (p.provider && !ctx.settings.agent.providers[p.provider]) throw new GatewayError('INVALID_REQUEST', `unknown provider: ${p.provider}`)
    const selectable = ctx.session.caps.includes('model-selection-policy')
    return {
      models: configuredModels(ctx.settings.agent, p.agentId)
        .filter((r) => !p.provider || r.provider.id === p.provider)
        .map((r) => {
          const contextWindow = r.provider.modelEntries[r.model]?.contextWindow
          return {
            id: r.model,
            name: r.provider.modelEntries[r.model]?.name ?? r.model,
            provider: r.provider.id,
            available: usable(r.provider),
            ...(selectable && { manualSelectionAllowed: true }),
            ...(p.includeDetails && { local: isLocal(r.provider), ...(contextWindow && { contextWindow }) }),
          }
        }),
    }
  },
})

export const modelsAuthStatus = defineMethod('models.authStatus', {
  access: 'operator.read',
  handle: (_p, ctx) => ({
    ts: Date.now(),
    providers: Object.values(ctx.settings.agent.providers).map((p) => ({
      provider: p.id,
      status: p.apiKey ? ('static' as const) : needsKey(p) ? ('missing' as const) : ('ok' as const),
      profiles: p.apiKey ? [{ id: `${p.id}:api-key`, type: 'api_key' as const }] : [],
    })),
  }),
})
