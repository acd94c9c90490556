/** Payload schemas of the gateway's own events (who receives them: event-guards.ts). */
import { Type } from '@sinclair/typebox'

export const TickEvent = Type.Object({ ts: Type.Integer() }, { $id: 'TickEvent', additionalProperties: false })

export const ShutdownEvent = Type.Object(
  { reason: Type.String(), restartExpectedMs: Type.Optional(Type.Integer()) },
  { $id: 'ShutdownEvent', additionalProperties: false },
)
