/** WebChat-style methods: `chat.send`, `chat.history`, `chat.abort`, `chat.inject` (PROTOCOL.md §4.2–4.3). */
import { Type } from '@sinclair/typebox'
import { ChatAttachment } from './agent.ts'

const Str = Type.String()
const NonEmpty = Type.String({ minLength: 1 })
const SessionKey = Type.String({ minLength: 1, maxLength: 512 })

/** Most recent entries `chat.history` returns at once (the original's CHAT_HISTORY_MAX_ENTRIES). */
const CHAT_HISTORY_MAX_ENTRIES = 1000

export const TranscriptMessage = Type.Object(
  {
    role: Type.Union([Type.Literal('user'), Type.Literal('assistant'), Type.Literal('toolResult'), Type.Literal('system')]),
    content: Type.Array(
      Type.Object(
        { type: Str, text: Type.Optional(Str), id: Type.Optional(Str), name: Type.Optional(Str), arguments: Type.Optional(Type.Unknown()) },
        { additionalProperties: true },
      ),
    ),
    timestamp: Type.Integer(),
    id: Type.Optional(Str),
    runId: Type.Optional(Str),
    toolCallId: Type.Optional(Str),
    toolName: Type.Optional(Str),
    isError: Type.Optional(Type.Boolean()),
    stopReason: Type.Optional(Str),
    label: Type.Optional(Str),
  },
  { additionalProperties: false },
)

export const ChatMethods = {
  'chat.send': {
    params: Type.Object(
      {
        sessionKey: SessionKey,
        message: Str,
        // Required by the original; openclaw-node omits it, so a missing key is generated instead.
        idempotencyKey: Type.Optional(NonEmpty),
        agentId: Type.Optional(NonEmpty),
        sessionId: Type.Optional(NonEmpty),
        thinking: Type.Optional(Str),
        deliver: Type.Optional(Type.Boolean()),
        attachments: Type.Optional(Type.Array(ChatAttachment)),
        timeoutMs: Type.Optional(Type.Integer({ minimum: 0 })),
        originatingChannel: Type.Optional(Str),
        originatingTo: Type.Optional(Str),
        originatingAccountId: Type.Optional(Str),
        originatingThreadId: Type.Optional(Str),
        replyToId: Type.Optional(NonEmpty),
        queueMode: Type.Optional(Str),
      },
      { additionalProperties: false },
    ),
    result: Type.Object(
      {
        runId: NonEmpty,
        status: Type.Union([Type.Literal('started'), Type.Literal('in_flight'), Type.Literal('ok')]),
      },
      { additionalProperties: false },
    ),
  },
  'chat.history': {
    params: Type.Object(
      {
        sessionKey: NonEmpty,
        agentId: Type.Optional(NonEmpty),
        cursor: Type.Optional(Str),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: CHAT_HISTORY_MAX_ENTRIES })),
        maxBytes: Type.Optional(Type.Integer({ minimum: 1024 })),
        offset: Type.Optional(Type.Integer({ minimum: 0 })),
        messageId: Type.Optional(NonEmpty),
        sessionId: Type.Optional(NonEmpty),
        maxChars: Type.Optional(Type.Integer({ minimum: 1, maximum: 500_000 })),
      },
      { additionalProperties: false },
    ),
    result: Type.Object(
      {
        sessionKey: Str,
        sessionId: Type.Union([Str, Type.Null()]),
        messages: Type.Array(TranscriptMessage),
        thinkingLevel: Str,
        hasMore: Type.Boolean(),
        nextOffset: Type.Union([Type.Integer(), Type.Null()]),
        totalCount: Type.Integer(),
      },
      { additionalProperties: false },
    ),
  },
  'chat.abort': {
    params: Type.Object(
      { sessionKey: NonEmpty, agentId: Type.Optional(NonEmpty), runId: Type.Optional(NonEmpty), preserveSideRuns: Type.Optional(Type.Boolean()) },
      { additionalProperties: false },
    ),
    result: Type.Object({ ok: Type.Literal(true), aborted: Type.Boolean(), runIds: Type.Array(Str) }, { additionalProperties: false }),
  },
  'chat.inject': {
    params: Type.Object(
      { sessionKey: NonEmpty, agentId: Type.Optional(NonEmpty), message: NonEmpty, label: Type.Optional(Type.String({ maxLength: 100 })) },
      { additionalProperties: false },
    ),
    result: Type.Object({ ok: Type.Literal(true), messageId: Str }, { additionalProperties: false }),
  },
} as const
