/** The one list of models the config names, shown by `models.list` and by the `/model` chat command. */
import { modelRef, type AgentSettings, type ModelChoice } from './agent-settings.ts'

/**
 * The agent's own models first (primary, then fallbacks), then each provider's listed models, then the
 * other agents' own: each once. There is no remote catalog here, so this is every model there is.
 */
export function configuredModels(s: AgentSettings, agentId = s.defaultAgentId): ModelChoice[] {
  const own = s.agents.find((a) => a.id === agentId)
  const others = s.agents.filter((a) => a !== own)
  const candidates: (ModelChoice | undefined)[] = [
    own?.primary, ...(own?.fallbacks ?? []),
    ...Object.values(s.providers).flatMap((provider) => provider.models.map((model) => ({ provider, model }))),
    ...others.flatMap((a) => [a.primary, ...a.fallbacks]),
  ]
  const seen = new Set<string>()
  return candidates.filter((c): c is ModelChoice => {
    if (!c || seen.has(modelRef(c))) return false
    seen.add(modelRef(c))
    return true
  })
}
