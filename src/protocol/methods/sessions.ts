/** Session index methods: `sessions.list`, `sessions.reset`, `sessions.delete`. */
import { Type } from '@sinclair/typebox'

const Str = Type.String()
const NonEmpty = Type.String({ minLength: 1 })

const SessionRow = Type.Object(
  {
    key: Str,
    sessionId: Str,
    agentId: Str,
    kind: Type.Union([Type.Literal('main'), Type.Literal('direct'), Type.Literal('group'), Type.Literal('cron'), Type.Literal('other')]),
    createdAt: Type.Integer(),
    updatedAt: Type.Integer(),
    messageCount: Type.Integer(),
    label: Type.Optional(Str),
    channel: Type.Optional(Str),
    lastMessage: Type.Optional(Str),
  },
  { additionalProperties: false },
)

export const SessionsMethods = {
  'sessions.list': {
    params: Type.Object(
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
      },
      { additionalProperties: false },
    ),
    result: Type.Object(
      {
        ts: Type.Integer(),
        path: Str,
        count: Type.Integer(),
        totalCount: Type.Integer(),
        limitApplied: Type.Integer(),
        offset: Type.Integer(),
        nextOffset: Type.Union([Type.Integer(), Type.Null()]),
        hasMore: Type.Boolean(),
        defaults: Type.Object({ model: Type.Union([Str, Type.Null()]), contextTokens: Type.Null() }, { additionalProperties: false }),
        sessions: Type.Array(SessionRow),
      },
      { additionalProperties: false },
    ),
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
