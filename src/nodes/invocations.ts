/**
 * In-flight `node.invoke` calls: each waits for the node's `node.invoke.result`, its timeout, or the
 * node going away, whichever comes first. Nothing waits forever.
 */
import { GatewayError } from '../protocol/index.ts'
import type { EventBus } from '../core/event-bus.ts'
import type { LiveNode } from './registry.ts'

export interface InvokeOutcome {
  payload: unknown
  payloadJSON: string | null
}

export interface NodeResult {
  ok: boolean
  payload?: unknown
  payloadJSON?: string | null
  error?: { code?: string; message?: string }
}

interface Pending {
  connId: string
  nodeId: string
  resolve(outcome: InvokeOutcome): void
  reject(error: GatewayError): void
  timer: Timer
}

/** A failure on the node's side, in the shape clients read: `details.nodeError`. */
export function nodeError(code: string, message: string, dispatched: boolean, retryable = false): GatewayError {
  return new GatewayError('UNAVAILABLE', `${code}: ${message}`, { code, nodeError: { code, message }, nodeCommandDispatched: dispatched }, { retryable })
}

export function createInvocations(events: EventBus) {
  const pending = new Map<string, Pending>()

  function start(node: LiveNode, call: { command: string; params: unknown; timeoutMs: number; idempotencyKey: string; sessionKey?: string }): Promise<InvokeOutcome> {
    const id = crypto.randomUUID()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id)
        // Tell the node to stop working on something nobody is waiting for any more.
        events.sendToConnection(node.connId, 'node.invoke.cancel', { invokeId: id, nodeId: node.nodeId })
        reject(nodeError('TIMEOUT', `node did not answer ${call.command} within ${call.timeoutMs} ms`, true, true))
      }, call.timeoutMs)
      pending.set(id, { connId: node.connId, nodeId: node.nodeId, resolve, reject, timer })
      const sent = events.sendToConnection(node.connId, 'node.invoke.request', {
        id,
        nodeId: node.nodeId,
        command: call.command,
        paramsJSON: call.params === undefined ? null : JSON.stringify(call.params),
        timeoutMs: call.timeoutMs,
        idempotencyKey: call.idempotencyKey,
        ...(call.sessionKey && { sessionKey: call.sessionKey }),
      })
      if (!sent) settleWith(id, (p) => p.reject(nodeError('NOT_CONNECTED', 'node not connected', false, true)))
    })
  }

  function settleWith(id: string, action: (p: Pending) => void): boolean {
    const p = pending.get(id)
    if (!p) return false
    pending.delete(id)
    clearTimeout(p.timer)
    action(p)
    return true
  }

  /** The node answered. False when nobody waits for this id (late, or another node's). */
  function settle(id: string, connId: string, result: NodeResult): boolean {
    if (pending.get(id)?.connId !== connId) return false
    return settleWith(id, (p) => {
      if (!result.ok) {
        const code = result.error?.code || 'NODE_ERROR'
        return p.reject(nodeError(code, result.error?.message || 'node command failed', true))
      }
      p.resolve(decodePayload(result))
    })
  }

  /** Fails every call matching `which` (a connection that closed, a node whose pairing changed). */
  function failWhere(which: (p: Pending) => boolean, error: () => GatewayError): number {
    let failed = 0
    for (const [id, p] of pending) if (which(p)) failed += Number(settleWith(id, (x) => x.reject(error())))
    return failed
  }

  return {
    start,
    settle,
    failConnection: (connId: string) =>
      failWhere((p) => p.connId === connId, () => nodeError('NODE_DISCONNECTED', 'node disconnected before it answered', true, true)),
    failNode: (nodeId: string) =>
      failWhere((p) => p.nodeId === nodeId, () => new GatewayError('UNAVAILABLE', 'node pairing changed while invocation was active', { code: 'PAIRING_CHANGED' }, { retryable: true })),
  }
}

/** `payloadJSON` is what nodes send; a node that sends a structured `payload` gets it encoded for them. */
function decodePayload(result: NodeResult): InvokeOutcome {
  if (typeof result.payloadJSON === 'string') {
    try {
      return { payload: JSON.parse(result.payloadJSON), payloadJSON: result.payloadJSON }
    } catch {
      return { payload: result.payloadJSON, payloadJSON: result.payloadJSON }
    }
  }
  if (result.payload === undefined) return { payload: null, payloadJSON: null }
  return { payload: result.payload, payloadJSON: JSON.stringify(result.payload) }
}
