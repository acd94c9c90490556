/**
 * Session index methods: `sessions.list`, `describe`, `patch`, `reset`, `delete`, and the subscriptions
 * (`sessions.subscribe` for `sessions.changed`, `sessions.messages.subscribe` for `session.message`).
 */
import { Type } from '@sinclair/typebox'

const Str = Type.String()
const NonEmpty = Type.String({ minLength: 1 })

export const SessionRow = Type.Object(
  {
    key: Str,
    sessionId: Str,
    agentId: Str,
    kind: Type.Union([Type.Literal('main'), Type.Literal('direct'), Type.Literal('group'), Type.Literal('cron'), Type.Literal('other')]),
    createdAt: Type.Integer(),
    updatedAt: Type.Integer(),
    messageCount: Type.Integer(),
    label: Type.Optional(Str),
    /** The label, when set. */
    displayName: Type.Optional(Str),
    /** The first user message, when asked for (`includeDerivedTitles`) and there is no label. */
    derivedTitle: Type.Optional(Str),
    channel: Type.Optional(Str),
    lastMessagePreview: Type.Optional(Str),
    isMain: Type.Boolean(),
    hasActiveRun: Type.Boolean(),
    activeRunIds: Type.Array(Str),
    modelProvider: Type.Optional(Str),
    model: Type.Optional(Str),
    snapshotAt: Type.Integer(),
  },
  { additionalProperties: false },
)

/**
 * Every parameter the Control UI sends. Those with no meaning here are accepted and change nothing,
 * except filters that select a kind of session this gateway never has (spawned, archived, with a
 * board): those select nothing.
 */
const SessionsListParams = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1 })),
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
    activeMinutes: Type.Optional(Type.Integer({ minimum: 1 })),
    includeGlobal: Type.Optional(Type.Boolean()),
    includeUnknown: Type.Optional(Type.Boolean()),
    includeDerivedTitles: Type.Optional(Type.Boolean()),
    includeLastMessage: Type.Optional(Type.Boolean()),
    label: Type.Optional(Str),
    agentId: Type.Optional(NonEmpty),
    search: Type.Optional(Str),
    sortBy: Type.Optional(Type.Union([Type.Literal('updatedAt'), Type.Literal('activity'), Type.Literal('lastInteractionAt')])),
    configuredAgentsOnly: Type.Optional(Type.Boolean()),
    ownerFirst: Type.Optional(Type.Boolean()),
    spawnedBy: Type.Optional(Str),
    /** `all` (the Agents page) or false: every session here, none is archived; true selects nothing. */
    archived: Type.Optional(Type.Union([Type.Boolean(), Type.Literal('all')])),
    hasBoard: Type.Optional(Type.Boolean()),
    includePeople: Type.Optional(Type.Boolean()),
    excludeSubagents: Type.Optional(Type.Boolean()),
    includeActivitySummary: Type.Optional(Type.Boolean()),
    activeOnly: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

const SessionsListResult = Type.Object(
  {
    ts: Type.Integer(),
    path: Str,
    count: Type.Integer(),
    totalCount: Type.Integer(),
    limitApplied: Type.Integer(),
    offset: Type.Integer(),
    nextOffset: Type.Union([Type.Integer(), Type.Null()]),
    hasMore: Type.Boolean(),
    defaults: Type.Object(
      { modelProvider: Type.Union([Str, Type.Null()]), model: Type.Union([Str, Type.Null()]), contextTokens: Type.Null() },
      { additionalProperties: false },
    ),
    sessions: Type.Array(SessionRow),
  },
  { additionalProperties: false },
)

const SessionTarget = { key: NonEmpty, agentId: Type.Optional(NonEmpty) }

export const SessionsMethods = {
  'sessions.list': { params: SessionsListParams, result: SessionsListResult },
  'sessions.subscribe': {
    params: SessionsListParams,
    result: Type.Object({ subscribed: Type.Literal(true), list: Type.Optional(SessionsListResult) }, { additionalProperties: false }),
  },
  'sessions.unsubscribe': {
    params: Type.Object({}, { additionalProperties: false }),
    result: Type.Object({ subscribed: Type.Literal(false) }, { additionalProperties: false }),
  },
  'sessions.messages.subscribe': {
    params: Type.Object({ ...SessionTarget, includeApprovals: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
    result: Type.Object({ subscribed: Type.Literal(true), key: Str }, { additionalProperties: false }),
  },
  'sessions.messages.unsubscribe': {
    params: Type.Object(SessionTarget, { additionalProperties: false }),
    result: Type.Object({ subscribed: Type.Literal(false), key: Str }, { additionalProperties: false }),
  },
  'sessions.describe': {
    params: Type.Object(SessionTarget, { additionalProperties: false }),
    result: Type.Object({ session: Type.Union([SessionRow, Type.Null()]) }, { additionalProperties: false }),
  },
  'sessions.branches.list': {
    params: Type.Object({ sessionKey: NonEmpty, agentId: Type.Optional(NonEmpty) }, { additionalProperties: false }),
    result: Type.Object(
      {
        branches: Type.Array(
          Type.Object(
            { leafEntryId: Str, headline: Str, messageCount: Type.Integer(), updatedAt: Str, active: Type.Boolean() },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
  },
  'sessions.patch': {
    params: Type.Object(
      { ...SessionTarget, label: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])) },
      { additionalProperties: false },
    ),
    result: Type.Object({ ok: Type.Literal(true), key: Str, entry: SessionRow }, { additionalProperties: false }),
  },
  'sessions.reset': {
    params: Type.Object(
      {
        key: NonEmpty,
        agentId: Type.Optional(NonEmpty),
        reason: Type.Optional(Type.Union([Type.Literal('new'), Type.Literal('reset')])),
        expectedSessionId: Type.Optional(NonEmpty),
      },
      { additionalProperties: false },
    ),
    result: Type.Object({ ok: Type.Literal(true), key: Str, entry: SessionRow }, { additionalProperties: false }),
  },
  'sessions.delete': {
    params: Type.Object(
      {
        key: NonEmpty,
        agentId: Type.Optional(NonEmpty),
        deleteTranscript: Type.Optional(Type.Boolean()),
        expectedSessionId: Type.Optional(NonEmpty),
      },
      { additionalProperties: false },
    ),
    result: Type.Object({ ok: Type.Literal(true), key: Str, deleted: Type.Boolean() }, { additionalProperties: false }),
  },
} as const
