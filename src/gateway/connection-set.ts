/**
 * The authenticated connections, and event fan-out to them with per-connection `seq`. A session's live
 * events (`agent`, `chat`) reach every reader, except a client that advertised `session-scoped-events`:
 * it gets them only for the sessions it subscribed to with `sessions.messages.subscribe`, as the
 * original does (a client following its own sessions among thousands is not sent all of them).
 */
import { EVENT_SCOPE_GUARDS } from '../protocol/index.ts'
import { scopeSatisfied } from '../auth/scopes.ts'
import type { ConnectionDirectory } from '../methods/context.ts'
import type { ClientSession } from '../core/client-session.ts'
import type { EventBus, EventOptions } from '../core/event-bus.ts'
import { logger } from '../log.ts'
import { outboxGrew } from './outbox.ts'
import type { StateVersions } from './state-versions.ts'

const log = logger('events')

/** The events a `session-scoped-events` client gets only for sessions it follows (of the original's SESSION_SUBSCRIPTION_EVENTS, those this gateway sends). */
const SESSION_SCOPED = new Set(['agent', 'chat'])
const SESSION_SCOPED_CAP = 'session-scoped-events'

/** The connections subscribed to a session's messages. */
export type SessionFollowers = (sessionKey: string) => ReadonlySet<string> | undefined

/** The part of a connection the fan-out needs. */
export interface EventTarget {
  readonly connId: string
  readonly session: ClientSession
  /** Queues `head` + the connection's next `seq` + `tail` (the event encoded once for every connection). */
  sendEvent(head: string, tail: string, dropIfSlow: boolean): void
  sendText(text: string, dropIfSlow: boolean): void
  close(code: number, reason: string): void
}

/** A ready connection, with what the fan-out asks of it for every frame worked out once (its session never changes). */
interface Reader {
  target: EventTarget
  sessionScoped: boolean
  /** Scope guard (an EVENT_SCOPE_GUARDS entry) → whether this connection passes it. */
  admitted: Map<readonly string[], boolean>
}

export function createConnectionSet(versions: StateVersions, followers: SessionFollowers) {
  const ready = new Map<string, Reader>()
  /** The ready connections without `session-scoped-events`: with a session's followers, all a session's live event visits. */
  const unscoped = new Map<string, Reader>()
  const warnedUnguarded = new Set<string>()

  function admits(reader: Reader, guard: readonly string[]): boolean {
    let ok = reader.admitted.get(guard)
    if (ok === undefined) {
      const { session } = reader.target
      ok = guard.length === 0 || (session.role === 'operator' && guard.some((scope) => scopeSatisfied(session.scopes, scope)))
      reader.admitted.set(guard, ok)
    }
    return ok
  }

  function* addressed(to: ReadonlySet<string>) {
    for (const connId of to) {
      const reader = ready.get(connId)
      if (reader) yield reader
    }
  }

  /** Who may get a session's live event: every reader not scoped to sessions, and the scoped ones following it. */
  function* sessionReaders(sessionKey: unknown) {
    yield* unscoped.values()
    if (typeof sessionKey !== 'string') return
    for (const connId of followers(sessionKey) ?? []) {
      const reader = ready.get(connId)
      if (reader?.sessionScoped) yield reader
    }
  }

  const events: EventBus = {
    broadcast(event: string, payload: unknown, opts: EventOptions = {}) {
      const guard = EVENT_SCOPE_GUARDS[event]
      if (!guard) {
        // Fail closed: an event nobody classified reaches nobody.
        if (!warnedUnguarded.has(event)) log.warn(`event "${event}" has no scope guard; not delivered`)
        warnedUnguarded.add(event)
        return
      }
      if (ready.size === 0 || opts.to?.size === 0) return
      const head = `{"type":"event","event":${JSON.stringify(event)},"payload":${JSON.stringify(payload ?? null)},"seq":`
      const tail = opts.stateVersion ? `,"stateVersion":${JSON.stringify(versions)}}` : '}'
      const sessionKey = SESSION_SCOPED.has(event) ? (payload as { sessionKey?: unknown } | null)?.sessionKey : undefined
      const dropIfSlow = opts.dropIfSlow ?? false
      // An addressed event visits only its addressees, and a session's event only the connections that may
      // get it (a thousand sessions' events are not each checked against every connection).
      const anyScoped = unscoped.size < ready.size
      const readers = opts.to ? addressed(opts.to) : sessionKey !== undefined && anyScoped ? sessionReaders(sessionKey) : ready.values()
      for (const reader of readers) {
        if (!admits(reader, guard)) continue
        // An addressee scoped to sessions gets a session's event only if it follows that session.
        if (opts.to && sessionKey !== undefined && reader.sessionScoped && !(typeof sessionKey === 'string' && followers(sessionKey)?.has(reader.target.connId))) continue
        reader.target.sendEvent(head, tail, dropIfSlow)
      }
      outboxGrew()
    },
    sendToConnection(connId, event, payload) {
      const reader = ready.get(connId)
      if (!reader) return false
      reader.target.sendText(JSON.stringify({ type: 'event', event, payload }), false)
      return true
    },
  }

  const directory: ConnectionDirectory = {
    count: () => ready.size,
    closeDevice(deviceId, code, reason, match = () => true) {
      let closed = 0
      for (const { target: t } of ready.values()) {
        if (t.session.deviceId === deviceId && match(t.session)) {
          t.close(code, reason)
          closed++
        }
      }
      return closed
    },
    connectedDeviceIds() {
      const ids = new Set<string>()
      for (const { target: t } of ready.values()) if (t.session.deviceId) ids.add(t.session.deviceId)
      return ids
    },
    sessions: () => [...ready.values()].map((r) => r.target.session),
  }

  return {
    events,
    directory,
    add(target: EventTarget): void {
      const reader = { target, sessionScoped: target.session.caps.includes(SESSION_SCOPED_CAP), admitted: new Map() }
      ready.set(target.connId, reader)
      if (!reader.sessionScoped) unscoped.set(target.connId, reader)
    },
    remove(connId: string): void {
      unscoped.delete(connId)
      ready.delete(connId)
    },
    has: (connId: string) => ready.has(connId),
    all: () => [...ready.values()].map((r) => r.target),
  }
}

export type ConnectionSet = ReturnType<typeof createConnectionSet>
