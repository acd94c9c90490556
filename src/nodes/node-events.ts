/**
 * `node.event` from nodes (docs/gateway/protocol/presence.md): host resource snapshots and background
 * presence are recorded and shown to operators; other events are acknowledged and otherwise ignored.
 */
import { nodeHostStatsValidator as hostStats } from '../protocol/index.ts'
import type { ClientSession } from '../core/client-session.ts'
import type { EventBus } from '../core/event-bus.ts'
import type { PairingStore } from '../store/pairing-store.ts'
import { nodeIdOf, type NodeRegistry } from './registry.ts'

const ALIVE_TRIGGERS = new Set(['background', 'silent_push', 'bg_app_refresh', 'significant_location', 'manual', 'connect'])

export interface NodeEventResult {
  ok: true
  event?: string
  handled?: boolean
  reason?: string
}

export function handleNodeEvent(
  deps: { registry: NodeRegistry; pairing: PairingStore; events: EventBus },
  session: ClientSession,
  params: { event: string; payload?: unknown; payloadJSON?: string | null },
): NodeEventResult {
  const { event } = params
  if (event !== 'node.host.stats' && event !== 'node.presence.alive') return { ok: true }
  const answer = (handled: boolean, reason: string): NodeEventResult => ({ ok: true, event, handled, reason })
  const payload = decode(params)
  if (payload === INVALID) return answer(false, 'invalid_payload')
  const nodeId = nodeIdOf(session)

  if (event === 'node.host.stats') {
    if (!deps.registry.byConn(session.connId)) return answer(false, 'stale_connection')
    if (!hostStats.check(payload) || 'updatedAtMs' in (payload as object)) return answer(false, 'invalid_payload')
    const stats = { ...payload, updatedAtMs: Date.now() }
    deps.registry.setHostStats(nodeId, stats)
    deps.events.broadcast('node.hostStats', { nodeId, hostStats: stats }, { dropIfSlow: true })
    return answer(true, 'updated')
  }

  // Only a paired device may leave durable last-seen state; a self-declared client id is not enough.
  if (!session.deviceId || !deps.pairing.getDevice(session.deviceId)) return answer(false, 'unpaired')
  const trigger = (payload as { trigger?: unknown } | null)?.trigger
  const reason = typeof trigger === 'string' && ALIVE_TRIGGERS.has(trigger) ? trigger : 'background'
  deps.pairing.touchDevice(session.deviceId, reason)
  deps.registry.publishPresence(nodeId, reason)
  return answer(true, 'persisted')
}

const INVALID = Symbol('invalid')

function decode(params: { payload?: unknown; payloadJSON?: string | null }): unknown {
  if (typeof params.payloadJSON !== 'string') return params.payload ?? null
  try {
    return JSON.parse(params.payloadJSON)
  } catch {
    return INVALID
  }
}
