/**
 * Who may receive which event (PROTOCOL.md §5.1). An event absent from this table is never
 * delivered: the broadcaster fails closed.
 * `[]` = every authenticated connection (nodes included); otherwise an operator holding one of the scopes.
 */
export const EVENT_SCOPE_GUARDS: Record<string, readonly string[]> = {
  tick: [],
  health: [],
  heartbeat: [],
  shutdown: [],
  presence: ['operator.read'],
  agent: ['operator.read'],
  chat: ['operator.read'],
  cron: ['operator.read'],
  'config.changed': ['operator.read'],
  'sessions.changed': ['operator.read'],
  'session.message': ['operator.read'],
  'node.presence': ['operator.read'],
  'node.hostStats': ['operator.read'],
  'device.pair.requested': ['operator.pairing'],
  'device.pair.resolved': ['operator.pairing'],
  'node.pair.requested': ['operator.pairing'],
  'node.pair.resolved': ['operator.pairing'],
}
