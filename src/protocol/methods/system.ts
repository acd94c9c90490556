/** Gateway-wide methods: health, status, presence, system events, heartbeat switches (PROTOCOL.md §4.2). */
import { Type } from '@sinclair/typebox'
import { HealthSnapshot, PresenceEntry } from '../connect.ts'

const Empty = Type.Object({}, { additionalProperties: false })
const Ok = Type.Object({ ok: Type.Literal(true) }, { additionalProperties: true })

const HeartbeatEvent = Type.Object(
  {
    ts: Type.Integer(),
    status: Type.Union([
      Type.Literal('sent'), Type.Literal('ok-empty'), Type.Literal('ok-token'), Type.Literal('skipped'), Type.Literal('failed'),
    ]),
    reason: Type.Optional(Type.String()),
    to: Type.Optional(Type.String()),
    preview: Type.Optional(Type.String()),
    hasMedia: Type.Optional(Type.Boolean()),
    channel: Type.Optional(Type.String()),
    accountId: Type.Optional(Type.String()),
    silent: Type.Optional(Type.Boolean()),
    indicatorType: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('alert'), Type.Literal('error')])),
    durationMs: Type.Optional(Type.Number()),
    message: Type.Optional(Type.String()),
  },
  { $id: 'HeartbeatEvent', additionalProperties: false },
)

export const SystemMethods = {
  health: {
    params: Type.Object({ probe: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
    result: HealthSnapshot,
  },
  status: {
    params: Type.Object(
      { includeChannelSummary: Type.Optional(Type.Boolean()), includeCliProjection: Type.Optional(Type.Boolean()) },
      { additionalProperties: false },
    ),
    result: Type.Object(
      {
        runtimeVersion: Type.String(),
        pid: Type.Integer(),
        uptimeMs: Type.Integer(),
        gateway: Type.Object({}, { additionalProperties: true }),
        heartbeat: Type.Object({}, { additionalProperties: true }),
        presence: Type.Object({ count: Type.Integer() }, { additionalProperties: false }),
        channelSummary: Type.Array(Type.Unknown()),
        sessions: Type.Object({}, { additionalProperties: true }),
        processMemory: Type.Object({}, { additionalProperties: true }),
      },
      { additionalProperties: true },
    ),
  },
  'system-presence': { params: Empty, result: Type.Array(PresenceEntry) },
  'system-event': {
    params: Type.Object(
      {
        text: Type.String({ minLength: 1 }),
        idempotencyKey: Type.Optional(Type.String({ minLength: 1 })),
        sessionKey: Type.Optional(Type.String()),
        wake: Type.Optional(Type.Boolean()),
        deviceId: Type.Optional(Type.String()),
        instanceId: Type.Optional(Type.String()),
        host: Type.Optional(Type.String()),
        ip: Type.Optional(Type.String()),
        mode: Type.Optional(Type.String()),
        version: Type.Optional(Type.String()),
        platform: Type.Optional(Type.String()),
        deviceFamily: Type.Optional(Type.String()),
        modelIdentifier: Type.Optional(Type.String()),
        lastInputSeconds: Type.Optional(Type.Number()),
        reason: Type.Optional(Type.String()),
        roles: Type.Optional(Type.Array(Type.String())),
        scopes: Type.Optional(Type.Array(Type.String())),
        tags: Type.Optional(Type.Array(Type.String())),
      },
      { additionalProperties: false },
    ),
    result: Ok,
  },
  'last-heartbeat': { params: Empty, result: Type.Union([HeartbeatEvent, Type.Null()]) },
  'set-heartbeats': {
    params: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
    result: Type.Object({ ok: Type.Literal(true), enabled: Type.Boolean() }, { additionalProperties: false }),
  },
} as const
