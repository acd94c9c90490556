/** Whether heartbeats run and the last one's event, shared by the heartbeat runner and the methods that read or toggle it. */
export interface HeartbeatState {
  enabled: boolean
  last: Record<string, unknown> | null
}
