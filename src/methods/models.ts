/**
 * `models.list` / `models.authStatus`: what `models.providers` (and the OPENAI_/ANTHROPIC_ env
 * shortcuts) configure. There is no remote catalog or allowlist here, so every `view` is this list:
 * the agent's own models first, then each provider's configured models.
 */
import { modelRef, type ModelChoice as Choice, type ProviderSettings } from '../config/agent-settings.ts'
import { defineMethod } from './define-method.ts'

/** Hosted services that refuse calls without a key; any other endpoint (Ollama, vLLM, ...) may take none. */
const KEYED_HOSTS = ['api.openai.com', 'api.anthropic.com']

const needsKey = (p: ProviderSettings) => KEYED_HOSTS.some((h) => p.baseUrl.includes(h))
const usable = (p: ProviderSettings) => Boolean(p.apiKey) || !needsKey(p)

export const modelsList = defineMethod('models.list', {
  access: 'operator.read',
  handle(p, ctx) {
    const settings = ctx.settings.agent
    const agent = settings.agents.find((a) => a.id === (p.agentId ?? settings.defaultAgentId))
    const seen = new Set<string>()
    const rows: { provider: ProviderSettings; model: string }[] = []
    const add = (c: Choice | undefined) => {
      const key = c && modelRef(c)
      if (!c || !key || seen.has(key)) return
      seen.add(key)
      rows.push(c)
    }
    for (const c of [agent?.primary, ...(agent?.fallbacks ?? [])]) add(c)
    for (const provider of Object.values(settings.providers)) for (const model of provider.models) add({ provider, model })
    const selectable = ctx.session.caps.includes('model-selection-policy')
    return {
      models: rows
        .filter((r) => !p.provider || r.provider.id === p.provider)
        .map((r) => ({ id: r.model, name: r.provider.modelEntries[r.model]?.name ?? r.model, provider: r.provider.id, available: usable(r.provider), ...(selectable && { manualSelectionAllowed: true }) })),
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
