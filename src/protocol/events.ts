/** Payload schemas of the gateway's own events (who receives them: event-guards.ts). */
import { Type } from '@sinclair/typebox'

export const TickEvent = Type.Object({ ts: Type.Integer() }, { $id: 'TickEvent', additionalProperties: false })

export const ShutdownEvent = Type.Object(
  { reason: Type.String(), restartExpectedMs: Type.Optional(Type.Integer()) },
  { $id: 'ShutdownEvent', additionalProperties: false },
)

/** A new config took effect (a `config.*` write or an edit of the file): where, its file hash, when. */
export const ConfigChangedEvent = Type.Object(
  { path: Type.String(), hash: Type.String(), ts: Type.Integer() },
  { $id: 'ConfigChangedEvent', additionalProperties: false },
)
