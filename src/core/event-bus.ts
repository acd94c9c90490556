/**
 * How any part of the gateway (agent runs, cron, nodes, channels) pushes an event to connected clients,
 * without knowing the wire layer that implements it (gateway/connection-set.ts).
 */
export interface EventOptions {
  /** Skip (but still count) this frame for a consumer whose send buffer is over the limit. */
  dropIfSlow?: boolean
  /** Attach the current `{presence, health}` stateVersion (presence and health broadcasts only). */
  stateVersion?: boolean
  /** Deliver only to these connections (subscribers; the one that asked for tool events), still scope-guarded and sequenced. */
  to?: ReadonlySet<string>
}

export interface EventBus {
  /** To every connection the event's scope guard admits, each with its own `seq`. */
  broadcast(event: string, payload: unknown, opts?: EventOptions): void
  /** To the connections of one device (e.g. a node), without `seq`. */
  sendToConnection(connId: string, event: string, payload: unknown): boolean
}
