/** Agent runs: `agent` (two responses on one request id) and `agent.wait` (PROTOCOL.md §4.3). */
import { Type } from '@sinclair/typebox'

const Str = Type.String()
const NonEmpty = Type.String({ minLength: 1 })
const Open = Type.Object({}, { additionalProperties: true })

/** Attachments are accepted and passed through untouched; extra keys are allowed as in the original. */
export const ChatAttachment = Type.Object(
  {
    type: Type.Optional(Str),
    mimeType: Type.Optional(Str),
    fileName: Type.Optional(Str),
    content: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true },
)

const AgentParams = Type.Object(
  {
    message: NonEmpty,
    idempotencyKey: NonEmpty,
    agentId: Type.Optional(NonEmpty),
    provider: Type.Optional(Str),
    model: Type.Optional(Str),
    to: Type.Optional(Str),
    replyTo: Type.Optional(Str),
    sessionId: Type.Optional(Str),
    sessionKey: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    thinking: Type.Optional(Str),
    deliver: Type.Optional(Type.Boolean()),
    attachments: Type.Optional(Type.Array(ChatAttachment)),
    channel: Type.Optional(Str),
    replyChannel: Type.Optional(Str),
    accountId: Type.Optional(Str),
    replyAccountId: Type.Optional(Str),
    threadId: Type.Optional(Str),
    groupId: Type.Optional(Str),
    timeout: Type.Optional(Type.Number({ minimum: 0 })),
    bestEffortDeliver: Type.Optional(Type.Boolean()),
    lane: Type.Optional(Str),
    extraSystemPrompt: Type.Optional(Str),
    label: Type.Optional(Type.String({ maxLength: 512 })),
  },
  { additionalProperties: false },
)

const RunStatus = Type.Union([Type.Literal('accepted'), Type.Literal('in_flight'), Type.Literal('ok'), Type.Literal('error'), Type.Literal('timeout')])

/** Both responses of `agent`: the accepted ack, and the final one (or an in-flight duplicate). */
const AgentResult = Type.Object(
  {
    runId: NonEmpty,
    status: RunStatus,
    sessionKey: Type.Optional(Str),
    agentId: Type.Optional(Str),
    acceptedAt: Type.Optional(Type.Integer()),
    summary: Type.Optional(Str),
    result: Type.Optional(Open),
    stopReason: Type.Optional(Str),
    error: Type.Optional(Str),
  },
  { additionalProperties: false },
)

export const AgentMethods = {
  agent: { params: AgentParams, result: AgentResult },
  'agent.wait': {
    params: Type.Object({ runId: NonEmpty, timeoutMs: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }),
    result: Type.Object(
      {
        runId: NonEmpty,
        status: Type.Union([Type.Literal('ok'), Type.Literal('error'), Type.Literal('timeout'), Type.Literal('pending')]),
        startedAt: Type.Optional(Type.Integer()),
        endedAt: Type.Optional(Type.Integer()),
        error: Type.Optional(Str),
        stopReason: Type.Optional(Str),
      },
      { additionalProperties: false },
    ),
  },
} as const
