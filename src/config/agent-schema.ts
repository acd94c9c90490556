/**
 * Config sections for the agent, named as the original names them (`models.providers.<id>`,
 * `agents.defaults.model.primary`, `agents.defaults.heartbeat`, `cron`, `session.dmScope`), so an
 * existing `openclaw.json` keeps working. Keys we do not use stay allowed and are reported once.
 */
import { Type } from '@sinclair/typebox'
import { BYTE_SIZE_PATTERN } from './byte-size.ts'

const ModelEntry = Type.Object({
  id: Type.String({ minLength: 1 }),
  name: Type.Optional(Type.String()),
  contextWindow: Type.Optional(Type.Integer({ minimum: 1 })),
  maxTokens: Type.Optional(Type.Integer({ minimum: 1 })),
})

const ProviderConfig = Type.Object({
  baseUrl: Type.Optional(Type.String({ minLength: 1 })),
  apiKey: Type.Optional(Type.String()),
  // Any string: an `api` we do not speak is only an error if that provider is the one in use.
  api: Type.Optional(Type.String()),
  headers: Type.Optional(Type.Record(Type.String(), Type.String())),
  maxTokens: Type.Optional(Type.Integer({ minimum: 1 })),
  timeoutSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  models: Type.Optional(Type.Array(ModelEntry)),
})

export const ModelsConfig = Type.Object({
  mode: Type.Optional(Type.Union([Type.Literal('merge'), Type.Literal('replace')])),
  providers: Type.Optional(Type.Record(Type.String({ minLength: 1 }), ProviderConfig)),
})

const ModelRef = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Object({ primary: Type.Optional(Type.String({ minLength: 1 })), fallbacks: Type.Optional(Type.Array(Type.String())) }),
])

const HeartbeatConfig = Type.Object({
  every: Type.Optional(Type.String()),
  prompt: Type.Optional(Type.String()),
  target: Type.Optional(Type.String()),
  to: Type.Optional(Type.String()),
})

/** One agent's settings; anything left out comes from `agents.defaults`. */
const AgentEntryFields = {
  name: Type.Optional(Type.String()),
  workspace: Type.Optional(Type.String({ minLength: 1 })),
  model: Type.Optional(ModelRef),
  identity: Type.Optional(
    Type.Object({
      name: Type.Optional(Type.String()),
      theme: Type.Optional(Type.String()),
      emoji: Type.Optional(Type.String()),
      avatar: Type.Optional(Type.String()),
    }),
  ),
  /** Tool names the model is offered: `allow` (when set) narrows, `deny` removes. */
  tools: Type.Optional(Type.Object({ allow: Type.Optional(Type.Array(Type.String())), deny: Type.Optional(Type.Array(Type.String())) })),
  heartbeat: Type.Optional(HeartbeatConfig),
  /** What counts as a mention of this agent in a group; over `messages.groupChat.mentionPatterns` (several agents in one group). */
  groupChat: Type.Optional(Type.Object({ mentionPatterns: Type.Optional(Type.Array(Type.String())) })),
}

const AgentEntry = Type.Object(AgentEntryFields)
/** The legacy roster form (`agents.list[]`): the id is a field and `default: true` marks the default agent. */
const AgentListEntry = Type.Object({ id: Type.String({ minLength: 1 }), default: Type.Optional(Type.Boolean()), ...AgentEntryFields })

export const AgentsConfig = Type.Object({
  defaults: Type.Optional(
    Type.Object({
      model: Type.Optional(ModelRef),
      workspace: Type.Optional(Type.String({ minLength: 1 })),
      timeoutSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
      heartbeat: Type.Optional(HeartbeatConfig),
    }),
  ),
  /** Keyed roster (the original's current form); the key is the agent id. */
  entries: Type.Optional(Type.Record(Type.String({ minLength: 1 }), AgentEntry)),
  /** Legacy roster, read only when `entries` is absent (as the original does). */
  list: Type.Optional(Type.Array(AgentListEntry)),
})

const DmScope = Type.Union([Type.Literal('main'), Type.Literal('per-peer'), Type.Literal('per-channel-peer'), Type.Literal('per-account-channel-peer')])
const GroupScope = Type.Union([Type.Literal('main'), Type.Literal('per-group')])

/** `bindings[]`: which agent answers a slice of inbound traffic (docs/concepts/agent-bindings.md). */
export const BindingsConfig = Type.Array(
  Type.Object({
    agentId: Type.String({ minLength: 1 }),
    comment: Type.Optional(Type.String()),
    /** `route` (the default); other types (the original's `acp`) are skipped with a warning. */
    type: Type.Optional(Type.String()),
    match: Type.Object({
      channel: Type.String({ minLength: 1 }),
      accountId: Type.Optional(Type.String({ minLength: 1 })),
      peer: Type.Optional(
        Type.Object({
          kind: Type.Union([Type.Literal('direct'), Type.Literal('group'), Type.Literal('channel')]),
          id: Type.String({ minLength: 1 }),
        }),
      ),
      guildId: Type.Optional(Type.String({ minLength: 1 })),
      teamId: Type.Optional(Type.String({ minLength: 1 })),
    }),
    session: Type.Optional(Type.Object({ dmScope: Type.Optional(DmScope), groupScope: Type.Optional(GroupScope) })),
  }),
)

export const CronConfig = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  skipMissedJobs: Type.Optional(Type.Boolean()),
})

/** "30d", "12h", "90m": a bare number (or a number without a unit) is days, as the original reads it. */
const Days = Type.Union([Type.String({ pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)?\\s*$' }), Type.Number({ minimum: 0 })])

/** "500mb", "10gb" (binary units, config/byte-size.ts) or a number of bytes. */
const Bytes = Type.Union([Type.String({ pattern: BYTE_SIZE_PATTERN }), Type.Integer({ minimum: 0 })])

/**
 * `session.maintenance` (config/maintenance-settings.ts). The original's keys for things this gateway
 * does not have (archives, cold storage) are left out, so they are reported at load.
 */
const SessionMaintenanceConfig = Type.Object({
  mode: Type.Optional(Type.Union([Type.Literal('enforce'), Type.Literal('warn')])),
  pruneAfter: Type.Optional(Days),
  maxEntries: Type.Optional(Type.Integer({ minimum: 0 })),
  preserveRecent: Type.Optional(Type.Union([Days, Type.Literal(false)])),
  maxDiskBytes: Type.Optional(Type.Union([Bytes, Type.Literal(false)])),
  highWaterBytes: Type.Optional(Bytes),
})

export const SessionConfig = Type.Object({
  dmScope: Type.Optional(DmScope),
  groupScope: Type.Optional(GroupScope),
  maintenance: Type.Optional(SessionMaintenanceConfig),
})
