/**
 * Event names and who may receive them (PROTOCOL.md §5.1). An event absent from the guard table is
 * never delivered: the broadcaster fails closed.
 */
import { Type } from '@sinclair/typebox'

/** `[]` = every authenticated connection (nodes included); otherwise an operator holding one of the scopes. */
export const EVENT_SCOPE_GUARDS: Record<string, readonly string[]> = {
  tick: [],
  health: [],
  heartbeat: [],
  shutdown: [],
  presence: ['operator.read'],
  agent: ['operator.read'],
  chat: ['operator.read'],
  cron: ['operator.read'],
  'sessions.changed': ['operator.read'],
  'node.presence': ['operator.read'],
  'node.hostStats': ['operator.read'],
  'device.pair.requested': ['operator.pairing'],
  'device.pair.resolved': ['operator.pairing'],
  'node.pair.requested': ['operator.pairing'],
  'node.pair.resolved': ['operator.pairing'],
}

export const TickEvent = Type.Object({ ts: Type.Integer() }, { $id: 'TickEvent', additionalProperties: false })

export const ShutdownEvent = Type.Object(
  { reason: Type.String(), restartExpectedMs: Type.Optional(Type.Integer()) },
  { $id: 'ShutdownEvent', additionalProperties: false },
)
