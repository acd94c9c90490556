/**
 * Chat methods: `chat.send`, `chat.history`, `chat.abort`, `chat.inject` (PROTOCOL.md §4.2–4.3), and the
 * Control UI's `chat.startup` (first history page plus the session row in one call) and `chat.metadata`.
 */
import { Type } from '@sinclair/typebox'
import { ChatAttachment } from './agent.ts'
import { SessionRow } from './sessions.ts'

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
    /** Where the message sits: its id and 1-based position in the transcript (the original's envelope). */
    idempotencyKey: Type.Optional(Str),
    __openclaw: Type.Optional(
      Type.Object({ id: Str, seq: Type.Integer(), runId: Type.Optional(Str), idempotencyKey: Type.Optional(Str) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
)

const HistoryPage = {
  sessionKey: Str,
  sessionId: Type.Union([Str, Type.Null()]),
  messages: Type.Array(TranscriptMessage),
  thinkingLevel: Str,
  hasMore: Type.Boolean(),
  nextOffset: Type.Union([Type.Integer(), Type.Null()]),
  totalCount: Type.Integer(),
  totalMessages: Type.Integer(),
  /** Pass back as `cursor` to receive only what was added since (`kind: "delta"`). */
  deltaCursor: Type.Optional(Str),
  /** Inputs accepted but not yet in the transcript; this gateway writes a message before it acknowledges it. */
  pendingInputs: Type.Object({ items: Type.Array(Type.Unknown()), total: Type.Integer() }, { additionalProperties: false }),
  sessionInfo: Type.Optional(SessionRow),
}

const HistoryDelta = Type.Object(
  { kind: Type.Literal('delta'), sessionKey: Str, messages: Type.Array(TranscriptMessage), deltaCursor: Str, sessionInfo: SessionRow },
  { additionalProperties: false },
)
/** The cursor is not usable (another transcript, a reset, too far behind): fetch a normal page. */
const HistoryReset = Type.Object({ kind: Type.Literal('reset'), sessionKey: Str }, { additionalProperties: false })

const HistoryParams = {
  sessionKey: NonEmpty,
  agentId: Type.Optional(NonEmpty),
  cursor: Type.Optional(Str),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: CHAT_HISTORY_MAX_ENTRIES })),
  maxBytes: Type.Optional(Type.Integer({ minimum: 1024 })),
  // Runs the client is waiting on; their input is always in the transcript before `chat.send` answers.
  inputRunIds: Type.Optional(Type.Array(NonEmpty, { maxItems: 64 })),
}

const ModelOption = Type.Object(
  { id: Str, name: Str, provider: Str, available: Type.Boolean(), reasoning: Type.Boolean(), tags: Type.Array(Str) },
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
        /** `interrupt` aborts the session's current run first; `steer`, `followup` and `collect` run after it. */
        queueMode: Type.Optional(Type.Union([Type.Literal('steer'), Type.Literal('followup'), Type.Literal('collect'), Type.Literal('interrupt')])),
        // The Control UI's branch compare-and-swap; transcripts here have one branch, so it never conflicts.
        expectedLeafEntryId: Type.Optional(Type.Union([Str, Type.Null()])),
      },
      { additionalProperties: false },
    ),
    result: Type.Object(
      {
        runId: NonEmpty,
        status: Type.Union([Type.Literal('started'), Type.Literal('in_flight'), Type.Literal('ok')]),
        /** `queueMode: "interrupt"` aborted the session's run to start this one. */
        interruptedActiveRun: Type.Optional(Type.Literal(true)),
      },
      { additionalProperties: false },
    ),
  },
  'chat.history': {
    params: Type.Object(
      {
        ...HistoryParams,
        offset: Type.Optional(Type.Integer({ minimum: 0 })),
        messageId: Type.Optional(NonEmpty),
        sessionId: Type.Optional(NonEmpty),
        maxChars: Type.Optional(Type.Integer({ minimum: 1, maximum: 500_000 })),
      },
      { additionalProperties: false },
    ),
    result: Type.Union([Type.Object(HistoryPage, { additionalProperties: false }), HistoryDelta, HistoryReset]),
  },
  'chat.startup': {
    params: Type.Object(HistoryParams, { additionalProperties: false }),
    result: Type.Union([
      Type.Object({ ...HistoryPage, defaults: Type.Object({ modelProvider: Type.Union([Str, Type.Null()]), model: Type.Union([Str, Type.Null()]) }, { additionalProperties: false }) }, { additionalProperties: false }),
      HistoryDelta,
      HistoryReset,
    ]),
  },
  'chat.metadata': {
    params: Type.Object({ agentId: Type.Optional(NonEmpty), sessionKey: Type.Optional(NonEmpty) }, { additionalProperties: false }),
    // `commands`: this gateway has no slash commands for the composer to offer.
    result: Type.Object({ models: Type.Array(ModelOption), commands: Type.Array(Type.Unknown()) }, { additionalProperties: false }),
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
