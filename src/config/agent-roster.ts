/**
 * The agents one gateway runs and the bindings that pick one for a message. The roster is
 * `agents.entries` (keyed by id, the original's current form) or, when that is absent, the legacy
 * `agents.list[]`; with neither there is one agent, `main`. Each agent takes what it leaves out from
 * `agents.defaults`. Model fallbacks follow the original: an agent's own string model is strict (no
 * fallbacks); its own `{ primary, fallbacks }` uses exactly those; an agent without a model inherits
 * the defaults' primary and fallbacks.
 */
import { logger } from '../log.ts'
import type { DmScope, GroupScope, ModelChoice } from './agent-settings.ts'
import { expandHome } from './paths.ts'
import type { GatewayFileConfig } from './schema.ts'

export const DEFAULT_AGENT_ID = 'main'

export interface HeartbeatSettings {
  everyMs: number
  prompt: string
  target?: string
  to?: string
}

export interface AgentProfile {
  id: string
  /** The display name (`identity.name`, else `name`). */
  name?: string
  identity: { name?: string; emoji?: string; theme?: string; avatar?: string }
  primary?: ModelChoice
  /** Tried in order when the model before fails (provider error, not an abort). */
  fallbacks: ModelChoice[]
  /** Why there is no usable model (the offline responder says it). */
  problem?: string
  /** The configured workspace folder, `~` expanded; unset = the default place under the state dir. */
  workspace?: string
  tools: { allow?: string[]; deny: string[] }
  heartbeat: HeartbeatSettings
  /** `groupChat.mentionPatterns`, when the agent sets its own. */
  mentionPatterns?: string[]
}

export interface Binding {
  agentId: string
  match: {
    channel: string
    /** Undefined = the channel's default account only; `*` = any account. */
    accountId?: string
    peer?: { kind: 'direct' | 'group' | 'channel'; id: string }
    guildId?: string
    teamId?: string
  }
  session?: { dmScope?: DmScope; groupScope?: GroupScope }
}

type ModelRef = string | { primary?: string; fallbacks?: string[] } | undefined
type Choose = (ref: string | undefined, field: string) => { primary?: ModelChoice; problem?: string }
type AgentsSection = NonNullable<GatewayFileConfig['agents']>
type Entry = NonNullable<AgentsSection['entries']>[string]

/** Agent ids as the original normalises them: lower case, `[a-z0-9_-]`, at most 64 characters. */
export function normalizeAgentId(value: string | undefined): string {
  const lowered = (value ?? '').trim().toLowerCase()
  const id = lowered.replace(/[^a-z0-9_-]+/g, '-').replace(/^-+/, '').replace(/-+$/, '').slice(0, 64)
  return id || DEFAULT_AGENT_ID
}

export function resolveAgentRoster(
  config: GatewayFileConfig,
  choose: Choose,
  heartbeat: (hb: Entry['heartbeat']) => HeartbeatSettings,
  env: Record<string, string | undefined>,
): { agents: AgentProfile[]; bindings: Binding[] } {
  const section = config.agents ?? {}
  const defaults = section.defaults ?? {}
  const listed: (Entry & { id: string; default?: boolean })[] = section.entries
    ? Object.entries(section.entries).map(([id, e]) => ({ ...e, id }))
    : (section.list ?? [])
  const raw = listed.length > 0 ? listed : [{ id: DEFAULT_AGENT_ID }]
  // The default agent goes first: a `default: true` marker, else `main` when there is one, else the first.
  const marked = raw.findIndex((e) => e.default === true)
  const main = raw.findIndex((e) => normalizeAgentId(e.id) === DEFAULT_AGENT_ID)
  const defaultIndex = marked >= 0 ? marked : main >= 0 ? main : 0
  const ordered = [raw[defaultIndex]!, ...raw.filter((_, i) => i !== defaultIndex)]
  const agents = ordered.map((e, i) => toProfile(e, i === 0, defaults, choose, heartbeat, env))
  const ids = new Set(agents.map((a) => a.id))
  const bindings: Binding[] = []
  for (const [i, b] of (config.bindings ?? []).entries()) {
    if (b.type !== undefined && b.type !== 'route') {
      logger('config').warn(`bindings[${i}] has type "${b.type}", which this gateway does not support; the binding is ignored`)
      continue
    }
    const agentId = normalizeAgentId(b.agentId)
    if (!ids.has(agentId)) {
      logger('config').warn(`bindings[${i}] names agent "${b.agentId}", which is not configured; the binding is ignored`)
      continue
    }
    bindings.push({ agentId, match: b.match, ...(b.session && { session: b.session }) })
  }
  return { agents, bindings }
}

function toProfile(
  e: Entry & { id: string },
  isDefault: boolean,
  defaults: NonNullable<AgentsSection['defaults']>,
  choose: Choose,
  heartbeat: (hb: Entry['heartbeat']) => HeartbeatSettings,
  env: Record<string, string | undefined>,
): AgentProfile {
  const id = normalizeAgentId(e.id)
  const own = e.model !== undefined
  const ref: ModelRef = own ? e.model : defaults.model
  const field = own ? `agents.entries.${id}.model` : 'agents.defaults.model.primary'
  const { primary, problem } = choose(typeof ref === 'string' ? ref : ref?.primary, field)
  const fallbackRefs = typeof ref === 'string' ? [] : (ref?.fallbacks ?? [])
  const fallbacks = fallbackRefs.flatMap((r) => {
    const c = choose(r, `${field.replace(/\.primary$/, '')}.fallbacks`)
    if (c.problem) logger('config').warn(`agent "${id}": fallback model skipped: ${c.problem}`)
    return c.primary ? [c.primary] : []
  })
  const name = e.identity?.name ?? e.name
  const workspace = e.workspace ?? (defaults.workspace && (isDefault ? defaults.workspace : `${defaults.workspace}/${id}`))
  return {
    id,
    ...(name && { name }),
    identity: { ...e.identity, ...(name && { name }) },
    primary,
    fallbacks,
    problem,
    ...(workspace && { workspace: expandHome(workspace, env) }),
    tools: { ...(e.tools?.allow && { allow: e.tools.allow }), deny: e.tools?.deny ?? [] },
    heartbeat: heartbeat({ ...defaults.heartbeat, ...e.heartbeat }),
    ...(e.groupChat?.mentionPatterns && { mentionPatterns: e.groupChat.mentionPatterns }),
  }
}
