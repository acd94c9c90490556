/**
 * The agent's effective settings: model providers from `models.providers` plus the env shortcuts
 * (OPENAI_API_KEY / OPENAI_BASE_URL / ANTHROPIC_API_KEY), the agents (`agents.entries`, or the legacy
 * `agents.list`, over `agents.defaults`), the `bindings` that pick one, cron and session scope.
 */
import { resolveAgentRoster, type AgentProfile, type Binding, type HeartbeatSettings } from './agent-roster.ts'
import { parseDuration } from './duration.ts'
import { resolveMaintenance, type MaintenanceSettings } from './maintenance-settings.ts'
import type { GatewayFileConfig } from './schema.ts'

// Here, not in agent-schema.ts: importing that module would put TypeBox on the start-up path.
const PROVIDER_APIS = ['openai-completions', 'anthropic-messages'] as const
export type DmScope = 'main' | 'per-peer' | 'per-channel-peer' | 'per-account-channel-peer'
export type GroupScope = 'main' | 'per-group'

export interface ProviderSettings {
  id: string
  api: string
  baseUrl: string
  apiKey?: string
  headers: Record<string, string>
  maxTokens?: number
  timeoutMs: number
  models: string[]
  /** Per model (`models[]`): its display name, the reply cap sent to the provider, the history budget. */
  modelEntries: Record<string, ModelEntry>
}

export interface ModelEntry {
  name?: string
  maxTokens?: number
  contextWindow?: number
}

/** The limits of one model: its own entry first, then the provider's `maxTokens`. */
export function limitsOf(provider: ProviderSettings, model: string): Pick<ModelEntry, 'maxTokens' | 'contextWindow'> {
  const own = provider.modelEntries[model] ?? {}
  return { maxTokens: own.maxTokens ?? provider.maxTokens, contextWindow: own.contextWindow }
}

export interface ModelChoice {
  provider: ProviderSettings
  model: string
}

/** `<provider>/<model>`, as config, `/model` and the wire name a model. */
export const modelRef = (c: ModelChoice) => `${c.provider.id}/${c.model}`

export interface AgentSettings {
  providers: Record<string, ProviderSettings>
  /** Every agent, the default one first; with no roster configured, one agent `main`. */
  agents: AgentProfile[]
  defaultAgentId: string
  bindings: Binding[]
  /** The default agent's model; undefined = the built-in offline responder answers. */
  primary?: ModelChoice
  /** Why the default agent has no model, or why its model cannot be used (shown by the offline responder). */
  problem?: string
  runTimeoutMs: number
  /** The default agent's heartbeat. */
  heartbeat: HeartbeatSettings
  /**
   * `catchUpDelayMs`: wait after startup before missed jobs run; `minEveryMs`: the shortest interval an
   * `every` job may have (neither is a config key; tests shorten them).
   */
  cron: { enabled: boolean; skipMissedJobs: boolean; catchUpDelayMs: number; minEveryMs: number }
  /** How DMs map to sessions; the original's default is `main` (every DM shares the agent's main session). */
  dmScope: DmScope
  groupScope: GroupScope
  /** `session.maintenance`: how old and how many sessions are kept. */
  maintenance: MaintenanceSettings
}

const DEFAULT_HEARTBEAT_PROMPT =
  'Follow the heartbeat monitor scratch context when provided. Do not infer or repeat old tasks from prior chats. If nothing needs attention, reply NO_REPLY.'

const ENV_DEFAULT_MODELS: Record<string, string> = { openai: 'gpt-4.1-mini', anthropic: 'claude-sonnet-4-5' }
const DEFAULT_BASE_URLS: Record<string, string> = { openai: 'https://api.openai.com/v1', anthropic: 'https://api.anthropic.com' }

/** An `every` job runs at most twice a minute: the original's minimum for agent loops (30 s). */
export const CRON_MIN_EVERY_MS = 30_000

export function resolveAgentSettings(config: GatewayFileConfig, env: Record<string, string | undefined> = process.env): AgentSettings {
  const providers = resolveProviders(config, env)
  const defaults = config.agents?.defaults ?? {}
  const { agents, bindings } = resolveAgentRoster(config, (ref, field) => chooseModel(ref, providers, field), resolveHeartbeat, env)
  const first = agents[0]!
  return {
    providers,
    agents,
    defaultAgentId: first.id,
    bindings,
    primary: first.primary,
    problem: first.problem,
    runTimeoutMs: Math.round((defaults.timeoutSeconds ?? 600) * 1000),
    heartbeat: first.heartbeat,
    cron: { enabled: config.cron?.enabled ?? env.OPENCLAW_SKIP_CRON !== '1', skipMissedJobs: config.cron?.skipMissedJobs ?? false, catchUpDelayMs: 5000, minEveryMs: CRON_MIN_EVERY_MS },
    dmScope: config.session?.dmScope ?? 'main',
    groupScope: config.session?.groupScope ?? 'per-group',
    maintenance: resolveMaintenance(config),
  }
}

function resolveHeartbeat(hb: { every?: string; prompt?: string; target?: string; to?: string } = {}): HeartbeatSettings {
  return { everyMs: parseDuration(hb.every ?? '30m') ?? 30 * 60_000, prompt: hb.prompt ?? DEFAULT_HEARTBEAT_PROMPT, target: hb.target, to: hb.to }
}

/**
 * `models.mode: "merge"` (the default) adds the providers the environment implies (OPENAI_API_KEY,
 * ANTHROPIC_API_KEY) to the configured ones; `"replace"` uses exactly `models.providers`.
 */
function resolveProviders(config: GatewayFileConfig, env: Record<string, string | undefined>): Record<string, ProviderSettings> {
  const out: Record<string, ProviderSettings> = {}
  const merge = config.models?.mode !== 'replace'
  if (merge && (env.OPENAI_API_KEY || env.OPENAI_BASE_URL)) {
    out.openai = makeProvider('openai', { api: 'openai-completions', apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL }, env)
  }
  if (merge && env.ANTHROPIC_API_KEY) out.anthropic = makeProvider('anthropic', { api: 'anthropic-messages', apiKey: env.ANTHROPIC_API_KEY }, env)
  for (const [id, p] of Object.entries(config.models?.providers ?? {})) {
    const base = out[id]
    // Config keys win over the env shortcut; what the file leaves out the env still fills in.
    out[id] = makeProvider(id, {
      ...p,
      api: p.api ?? base?.api,
      apiKey: p.apiKey ?? base?.apiKey,
      baseUrl: p.baseUrl ?? base?.baseUrl,
    }, env)
  }
  return out
}

function makeProvider(
  id: string,
  p: { api?: string; apiKey?: string; baseUrl?: string; headers?: Record<string, string>; maxTokens?: number; timeoutSeconds?: number; models?: ({ id: string } & ModelEntry)[] },
  env: Record<string, string | undefined>,
): ProviderSettings {
  const api = p.api ?? (id === 'anthropic' ? 'anthropic-messages' : 'openai-completions')
  return {
    id,
    api,
    baseUrl: (p.baseUrl ?? DEFAULT_BASE_URLS[id] ?? DEFAULT_BASE_URLS.openai!).replace(/\/+$/, ''),
    apiKey: p.apiKey ? resolveSecret(p.apiKey, env) : undefined,
    headers: p.headers ?? {},
    maxTokens: p.maxTokens,
    timeoutMs: Math.round((p.timeoutSeconds ?? 120) * 1000),
    models: (p.models ?? []).map((m) => m.id),
    modelEntries: Object.fromEntries((p.models ?? []).map(({ id, ...entry }) => [id, entry])),
  }
}

/** "${VAR}" is substituted; a bare UPPER_CASE name that exists in the environment names the variable. */
function resolveSecret(value: string, env: Record<string, string | undefined>): string {
  const subst = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => env[name] ?? '')
  if (/^[A-Z][A-Z0-9_]*$/.test(subst) && env[subst]) return env[subst]!
  return subst
}

/** A model reference ("<provider>/<model>", or a bare model id one provider lists) → the provider and model. */
export function chooseModel(ref: string | undefined, providers: Record<string, ProviderSettings>, field = 'agents.defaults.model.primary'): { primary?: ModelChoice; problem?: string } {
  const ids = Object.keys(providers)
  if (!ref) {
    const first = ids.map((id) => providers[id]!).find((p) => p.models[0] ?? ENV_DEFAULT_MODELS[p.id])
    if (!first) return { problem: ids.length ? `${field} is not set` : undefined }
    return check({ provider: first, model: first.models[0] ?? ENV_DEFAULT_MODELS[first.id]! })
  }
  const slash = ref.indexOf('/')
  if (slash > 0 && providers[ref.slice(0, slash)]) return check({ provider: providers[ref.slice(0, slash)]!, model: ref.slice(slash + 1) })
  if (slash > 0) return { problem: `${field} names provider "${ref.slice(0, slash)}", which is not configured` }
  // A bare model id: the one provider that lists it, or the only provider there is.
  const owners = ids.filter((id) => providers[id]!.models.includes(ref))
  const owner = owners.length === 1 ? owners[0] : ids.length === 1 ? ids[0] : undefined
  if (!owner) return { problem: `${field} "${ref}" does not say which provider (use "<provider>/${ref}")` }
  return check({ provider: providers[owner]!, model: ref })
}

function check(choice: ModelChoice): { primary?: ModelChoice; problem?: string } {
  if ((PROVIDER_APIS as readonly string[]).includes(choice.provider.api)) return { primary: choice }
  return { problem: `provider "${choice.provider.id}" uses api "${choice.provider.api}"; this gateway speaks ${PROVIDER_APIS.join(' and ')}` }
}
