/**
 * The agent's effective settings: model providers from `models.providers` plus the env shortcuts
 * (OPENAI_API_KEY / OPENAI_BASE_URL / ANTHROPIC_API_KEY), the default model from
 * `agents.defaults.model.primary` ("<provider>/<model>"), heartbeat cadence, cron and session scope.
 */
import { parseDuration } from './duration.ts'
import type { GatewayFileConfig } from './schema.ts'

// Here, not in agent-schema.ts: importing that module would put TypeBox on the start-up path.
const PROVIDER_APIS = ['openai-completions', 'anthropic-messages'] as const
type DmScope = 'main' | 'per-peer' | 'per-channel-peer' | 'per-account-channel-peer'

export interface ProviderSettings {
  id: string
  api: string
  baseUrl: string
  apiKey?: string
  headers: Record<string, string>
  maxTokens?: number
  timeoutMs: number
  models: string[]
}

export interface ModelChoice {
  provider: ProviderSettings
  model: string
}

export interface AgentSettings {
  providers: Record<string, ProviderSettings>
  /** The default model; undefined = the built-in offline responder answers. */
  primary?: ModelChoice
  /** Why there is no model, or why the configured one cannot be used (shown by the offline responder). */
  problem?: string
  runTimeoutMs: number
  heartbeat: { everyMs: number; prompt: string; target?: string; to?: string }
  /** `catchUpDelayMs`: wait after startup before missed jobs run (not a config key; tests shorten it). */
  cron: { enabled: boolean; skipMissedJobs: boolean; catchUpDelayMs: number }
  dmScope: DmScope
}

const DEFAULT_HEARTBEAT_PROMPT =
  'Follow the heartbeat monitor scratch context when provided. Do not infer or repeat old tasks from prior chats. If nothing needs attention, reply NO_REPLY.'

const ENV_DEFAULT_MODELS: Record<string, string> = { openai: 'gpt-4.1-mini', anthropic: 'claude-sonnet-4-5' }
const DEFAULT_BASE_URLS: Record<string, string> = { openai: 'https://api.openai.com/v1', anthropic: 'https://api.anthropic.com' }

export function resolveAgentSettings(config: GatewayFileConfig, env: Record<string, string | undefined> = process.env): AgentSettings {
  const providers = resolveProviders(config, env)
  const defaults = config.agents?.defaults ?? {}
  const ref = typeof defaults.model === 'string' ? defaults.model : defaults.model?.primary
  const { primary, problem } = chooseModel(ref, providers)
  const hb = defaults.heartbeat ?? {}
  return {
    providers,
    primary,
    problem,
    runTimeoutMs: Math.round((defaults.timeoutSeconds ?? 600) * 1000),
    heartbeat: {
      everyMs: parseDuration(hb.every ?? '30m') ?? 30 * 60_000,
      prompt: hb.prompt ?? DEFAULT_HEARTBEAT_PROMPT,
      target: hb.target,
      to: hb.to,
    },
    cron: { enabled: config.cron?.enabled ?? env.OPENCLAW_SKIP_CRON !== '1', skipMissedJobs: config.cron?.skipMissedJobs ?? false, catchUpDelayMs: 5000 },
    dmScope: config.session?.dmScope ?? 'per-channel-peer',
  }
}

function resolveProviders(config: GatewayFileConfig, env: Record<string, string | undefined>): Record<string, ProviderSettings> {
  const out: Record<string, ProviderSettings> = {}
  if (env.OPENAI_API_KEY || env.OPENAI_BASE_URL) {
    out.openai = makeProvider('openai', { api: 'openai-completions', apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL }, env)
  }
  if (env.ANTHROPIC_API_KEY) out.anthropic = makeProvider('anthropic', { api: 'anthropic-messages', apiKey: env.ANTHROPIC_API_KEY }, env)
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
  p: { api?: string; apiKey?: string; baseUrl?: string; headers?: Record<string, string>; maxTokens?: number; timeoutSeconds?: number; models?: { id: string }[] },
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
  }
}

/** "${VAR}" is substituted; a bare UPPER_CASE name that exists in the environment names the variable. */
function resolveSecret(value: string, env: Record<string, string | undefined>): string {
  const subst = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => env[name] ?? '')
  if (/^[A-Z][A-Z0-9_]*$/.test(subst) && env[subst]) return env[subst]!
  return subst
}

function chooseModel(ref: string | undefined, providers: Record<string, ProviderSettings>): { primary?: ModelChoice; problem?: string } {
  const ids = Object.keys(providers)
  if (!ref) {
    const first = ids.map((id) => providers[id]!).find((p) => p.models[0] ?? ENV_DEFAULT_MODELS[p.id])
    if (!first) return { problem: ids.length ? 'agents.defaults.model.primary is not set' : undefined }
    return check({ provider: first, model: first.models[0] ?? ENV_DEFAULT_MODELS[first.id]! })
  }
  const slash = ref.indexOf('/')
  if (slash > 0 && providers[ref.slice(0, slash)]) return check({ provider: providers[ref.slice(0, slash)]!, model: ref.slice(slash + 1) })
  if (slash > 0) return { problem: `agents.defaults.model.primary names provider "${ref.slice(0, slash)}", which is not configured` }
  // A bare model id: the one provider that lists it, or the only provider there is.
  const owners = ids.filter((id) => providers[id]!.models.includes(ref))
  const owner = owners.length === 1 ? owners[0] : ids.length === 1 ? ids[0] : undefined
  if (!owner) return { problem: `agents.defaults.model.primary "${ref}" does not say which provider (use "<provider>/${ref}")` }
  return check({ provider: providers[owner]!, model: ref })
}

function check(choice: ModelChoice): { primary?: ModelChoice; problem?: string } {
  if ((PROVIDER_APIS as readonly string[]).includes(choice.provider.api)) return { primary: choice }
  return { problem: `provider "${choice.provider.id}" uses api "${choice.provider.api}"; this gateway speaks ${PROVIDER_APIS.join(' and ')}` }
}
