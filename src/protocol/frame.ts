/** The three envelopes on the wire (PROTOCOL.md §1.2). All are closed objects. */
import { Type, type Static } from '@sinclair/typebox'

const NonEmpty = Type.String({ minLength: 1 })

export const ErrorShape = Type.Object(
  {
    code: NonEmpty,
    message: NonEmpty,
    details: Type.Optional(Type.Unknown()),
    retryable: Type.Optional(Type.Boolean()),
    retryAfterMs: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { $id: 'ErrorShape', additionalProperties: false },
)
export type ErrorShape = Static<typeof ErrorShape>

export const RequestFrame = Type.Object(
  {
    type: Type.Literal('req'),
    id: NonEmpty,
    method: NonEmpty,
    params: Type.Optional(Type.Unknown()),
    traceparent: Type.Optional(Type.String({ maxLength: 128 })),
    expectedProfileId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  },
  { $id: 'RequestFrame', additionalProperties: false },
)
export type RequestFrame = Static<typeof RequestFrame>

export const StateVersion = Type.Object(
  { presence: Type.Integer({ minimum: 0 }), health: Type.Integer({ minimum: 0 }) },
  { $id: 'StateVersion', additionalProperties: false },
)
export type StateVersion = Static<typeof StateVersion>

export const ResponseFrame = Type.Object(
  {
    type: Type.Literal('res'),
    id: NonEmpty,
    ok: Type.Boolean(),
    payload: Type.Optional(Type.Unknown()),
    error: Type.Optional(ErrorShape),
  },
  { $id: 'ResponseFrame', additionalProperties: false },
)
export type ResponseFrame = Static<typeof ResponseFrame>

export const EventFrame = Type.Object(
  {
    type: Type.Literal('event'),
    event: NonEmpty,
    payload: Type.Optional(Type.Unknown()),
    seq: Type.Optional(Type.Integer({ minimum: 0 })),
    stateVersion: Type.Optional(StateVersion),
    recipientProfileId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  },
  { $id: 'EventFrame', additionalProperties: false },
)
export type EventFrame = Static<typeof EventFrame>
