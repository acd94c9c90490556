/**
 * One request after `hello-ok`, in the order PROTOCOL.md §1.8 gives:
 * frame check → role gate → scope gate → method lookup → params check → handler (→ idempotency).
 */
import { GatewayError, missingScopeError, requestFrameValidator as requestFrame, type RequestFrame as Req } from '../protocol/index.ts'
import { scopeSatisfied } from '../auth/scopes.ts'
import type { MethodAccess, MethodContext } from '../methods/index.ts'
import type { Connection } from './connection.ts'
import type { CompiledMethod } from './runtime.ts'
import { encodeError, encodeResponse } from './wire.ts'


export async function dispatchFrame(conn: Connection, raw: string | Buffer): Promise<void> {
  let frame: unknown
  try {
    frame = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'))
  } catch {
    return // after hello a non-JSON frame is ignored, as the original does
  }
  if (!requestFrame.check(frame)) {
    const id = typeof (frame as { id?: unknown })?.id === 'string' && (frame as { id: string }).id ? (frame as { id: string }).id : 'invalid'
    const error = new GatewayError('INVALID_REQUEST', `invalid request frame: ${await requestFrame.explain(frame)}`)
    return conn.sendText(encodeError(id, error), false)
  }
  // Settles once the request's first answer is queued: what the request started (a run's events) follows it.
  const { promise: answered, resolve: markAnswered } = Promise.withResolvers<void>()
  try {
    const { payload, written } = await runRequest(conn, frame, answered, markAnswered)
    // An answer acknowledges what the request wrote: it leaves only once that is on disk (group commit).
    await written
    conn.sendText(encodeResponse(frame.id, payload), false)
  } catch (error) {
    conn.sendText(encodeError(frame.id, error), false)
  } finally {
    markAnswered()
  }
}

/** A handler's result, and the commit holding what it wrote. */
interface Answer {
  payload: unknown
  written: Promise<void>
}

/**
 * Runs the handler and takes the commits its writes joined: every batch from the one open as it starts
 * to the one open as it settles, failing if any of them failed (an async handler's early write may be
 * in a batch that failed while it awaited). Taken any later, under load it would be a newer batch
 * holding other requests' and runs' writes, and the answer would wait for that batch's sync too. A
 * handler that wrote nothing may still have read rows of a batch not yet on disk (another client's
 * message): its answer waits for the batches pending as it settles, but not for their success (a read
 * on a full disk answers, whatever other writes fail meanwhile).
 */
async function answer(conn: Connection, method: CompiledMethod, params: Record<string, unknown>, ctx: MethodContext): Promise<Answer> {
  const { commits } = conn.rt
  const before = commits.changes()
  const since = commits.mark()
  const written = () => {
    if (commits.changes() === before) return commits.durable().catch(() => {})
    const durable = commits.durableSince(since)
    // Awaited by the answer; a request failing otherwise first (its idempotent run's acceptance) leaves it unread.
    durable.catch(() => {})
    return durable
  }
  const result = method.def.handle(params, ctx)
  if (!(result instanceof Promise)) return { payload: result, written: written() }
  const payload = await result
  return { payload, written: written() }
}

async function runRequest(conn: Connection, frame: Req, answered: Promise<void>, markAnswered: () => void): Promise<Answer> {
  const method = conn.rt.registry.get(frame.method)
  const params = (frame.params ?? {}) as Record<string, unknown>
  checkAccess(conn, method ? resolveAccess(method, params) : 'operator.admin')
  if (!method) throw new GatewayError('INVALID_REQUEST', `unknown method: ${frame.method}`)
  if (!method.params.check(params)) {
    throw new GatewayError('INVALID_REQUEST', `invalid ${frame.method} params: ${await method.params.explain(params)}`)
  }
  const ctx = createContext(conn, frame.id, answered, markAnswered)
  const key = method.def.idempotent && typeof params.idempotencyKey === 'string' ? params.idempotencyKey : undefined
  if (!key) return answer(conn, method, params, ctx)
  const { prefix, scope, duplicate } = method.def.idempotent!
  const scoped = scope ? `${prefix}:${scope(params)}:${key}` : `${prefix}:${key}`
  // A duplicate hears nothing, not even "in_flight", before the first request's writes are on disk; if
  // their commit failed it hears that failure.
  await conn.rt.idempotency.accepted(scoped)
  const early = duplicate?.(params, ctx)
  if (early !== undefined) return { payload: early, written: conn.rt.commits.durable() }
  let written: Promise<void> | undefined
  const work = () => answer(conn, method, params, ctx).then((a) => ((written = a.written), a.payload))
  const { outcome } = conn.rt.idempotency.run(scoped, work, () => conn.rt.commits.durable())
  const settled = await outcome
  if (!settled.ok) throw settled.error
  // A replayed outcome is the first request's: what that one wrote may still be syncing.
  return { payload: settled.payload, written: written ?? conn.rt.commits.durable() }
}

function resolveAccess(method: CompiledMethod, params: Record<string, unknown>): MethodAccess {
  const access = method.def.access
  return typeof access === 'function' ? access(params) : access
}

function checkAccess(conn: Connection, access: MethodAccess): void {
  if (access === 'any') return
  const role = conn.session.role
  const wrongRole = access === 'node' ? role !== 'node' : role !== 'operator'
  conn.noteUnauthorized(wrongRole)
  if (wrongRole) throw new GatewayError('INVALID_REQUEST', `unauthorized role: ${role}`)
  if (access !== 'node' && !scopeSatisfied(conn.session.scopes, access)) throw missingScopeError(access)
}

function createContext(conn: Connection, requestId: string, answered: Promise<void>, markAnswered: () => void): MethodContext {
  // Services and session are the same for every request of a connection: built once, inherited per request.
  // Inherited, not spread: `settings` is a getter onto the live settings and must stay live.
  conn.contextBase ??= Object.assign(Object.create(conn.rt.services) as MethodContext, { session: conn.session })
  const ctx = Object.create(conn.contextBase) as MethodContext
  ;(ctx as { answered: Promise<void> }).answered = answered
  ;(ctx as { respondEarly: MethodContext['respondEarly'] }).respondEarly = (payload) => {
    // As for any answer, once what the request wrote is durable; a failed commit leaves the final answer to say so.
    void conn.rt.commits.durable().then(() => {
      conn.sendText(encodeResponse(requestId, payload), false)
      markAnswered()
    }, () => {})
  }
  return ctx
}
