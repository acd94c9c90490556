/**
 * Config sections for the agent, named as the original names them (`models.providers.<id>`,
 * `agents.defaults.model.primary`, `agents.defaults.heartbeat`, `cron`, `session.dmScope`), so an
 * existing `openclaw.json` keeps working. Keys we do not use stay allowed and are reported once.
 */
import { Type } from '@sinclair/typebox'

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

export const AgentsConfig = Type.Object({
  defaults: Type.Optional(
    Type.Object({
      model: Type.Optional(ModelRef),
      timeoutSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
      heartbeat: Type.Optional(
        Type.Object({
          every: Type.Optional(Type.String()),
          prompt: Type.Optional(Type.String()),
          target: Type.Optional(Type.String()),
          to: Type.Optional(Type.String()),
        }),
      ),
    }),
  ),
})

export const CronConfig = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  skipMissedJobs: Type.Optional(Type.Boolean()),
})

export const SessionConfig = Type.Object({
  dmScope: Type.Optional(
    Type.Union([Type.Literal('main'), Type.Literal('per-peer'), Type.Literal('per-channel-peer'), Type.Literal('per-account-channel-peer')]),
  ),
})
