/**
 * Per-connection session subscriptions, as the original keeps them: `sessions.subscribe` asks for
 * `sessions.changed` (any session's row changed), `sessions.messages.subscribe` for `session.message`
 * (each message committed to one session's transcript). They end with the connection.
 */
import type { GatewayServices } from './context.ts'
import type { EventBus } from '../core/event-bus.ts'
import { sessionRow } from './session-row.ts'
import { wireMessage } from './chat-page.ts'
import type { TranscriptMessage } from '../agent/transcript.ts'

export function createSessionSubscriptions(events: EventBus) {
  const changes = new Set<string>()
  /** Session key → the connections following its messages (what a publish reads). */
  const messages = new Map<string, Set<string>>()
  /** Connection → the session keys it follows, so a close touches only its own keys. */
  const followed = new Map<string, Set<string>>()
  function unsubscribeMessages(connId: string, sessionKey: string): void {
    const set = messages.get(sessionKey)
    set?.delete(connId)
    if (set?.size === 0) messages.delete(sessionKey)
    const keys = followed.get(connId)
    keys?.delete(sessionKey)
    if (keys?.size === 0) followed.delete(connId)
  }
  return {
    subscribeChanges: (connId: string) => void changes.add(connId),
    unsubscribeChanges: (connId: string) => void changes.delete(connId),
    subscribeMessages(connId: string, sessionKey: string): void {
      const set = messages.get(sessionKey) ?? new Set()
      set.add(connId)
      messages.set(sessionKey, set)
      const keys = followed.get(connId) ?? new Set()
      keys.add(sessionKey)
      followed.set(connId, keys)
    },
    unsubscribeMessages,
    /** The connection closed. */
    drop(connId: string): void {
      changes.delete(connId)
      for (const key of [...(followed.get(connId) ?? [])]) unsubscribeMessages(connId, key)
    },
    wantsChanges: () => changes.size > 0,
    wantsMessages: (sessionKey: string) => messages.has(sessionKey),
    followersOf: (sessionKey: string): ReadonlySet<string> | undefined => messages.get(sessionKey),
    publishChange: (payload: { sessionKey: string } & Record<string, unknown>) => events.broadcast('sessions.changed', payload, { to: changes }),
    publishMessage(sessionKey: string, payload: Record<string, unknown>): void {
      const to = messages.get(sessionKey)
      if (to) events.broadcast('session.message', payload, { to })
    },
  }
}

export type SessionSubscriptions = ReturnType<typeof createSessionSubscriptions>

/** Every committed message and every finished run reaches the subscribers, with the session's fresh row. */
export function publishSessionActivity(services: Pick<GatewayServices, 'sessions' | 'agent' | 'settings' | 'sessionSubscriptions' | 'maintenance'>): void {
  const subs = services.sessionSubscriptions
  services.sessions.onAppend((session, message) => {
    if (!subs.wantsChanges() && !subs.wantsMessages(session.key)) return
    // The message just committed is the newest; a preview reads only user and assistant messages.
    const shown = message.role === 'user' || message.role === 'assistant'
    const row = sessionRow(session, services, shown ? { lastBody: message.body as TranscriptMessage } : { lastMessage: true })
    subs.publishMessage(session.key, {
      sessionKey: session.key, agentId: session.agentId, messageId: message.id, messageSeq: message.pos, session: row,
      message: wireMessage(message),
    })
    subs.publishChange({ sessionKey: session.key, agentId: session.agentId, reason: 'message', ts: message.ts, session: row })
  })
  services.agent.onSettled((outcome) => {
    if (!subs.wantsChanges()) return
    const session = services.sessions.get(outcome.sessionKey)
    if (session) subs.publishChange({ sessionKey: session.key, agentId: session.agentId, phase: 'end', runId: outcome.runId, ts: outcome.endedAt, session: sessionRow(session, services, { lastMessage: true }) })
  })
  // A session pruned by `session.maintenance` leaves the lists as a deleted one does.
  services.maintenance.onRemoved((removed) => {
    if (!subs.wantsChanges()) return
    const ts = Date.now()
    for (const s of removed) subs.publishChange({ sessionKey: s.key, agentId: s.agentId, reason: 'delete', ts })
  })
}
