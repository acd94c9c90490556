/**
 * One socket's life: challenge on open, the mandatory `connect` as first frame, then requests.
 * Before `hello-ok` any malformed frame closes the socket; after it, errors become responses.
 */
import type { ServerWebSocket } from 'bun'
import {
  CLOSE_REASON_MAX_BYTES, GatewayError, MAX_PENDING_HANDSHAKE_FRAMES, MAX_PREAUTH_PAYLOAD_BYTES,
  connectParamsValidator as connectParams, requestFrameValidator as requestFrame,
} from '../protocol/index.ts'
import type { ClientAddress } from '../auth/locality.ts'
import type { MethodContext } from '../methods/context.ts'
import type { ClientSession } from '../core/client-session.ts'
import { logger } from '../log.ts'
import { dispatchFrame } from './dispatch.ts'
import { acceptConnect } from './handshake.ts'
import { scheduleFlush } from './outbox.ts'
import { HandshakeRejection } from './handshake-rejection.ts'
import type { GatewayRuntime } from './runtime.ts'
import { encodeError, encodeResponse } from './wire.ts'

const log = logger('ws')

type State = 'awaiting-connect' | 'connecting' | 'ready' | 'closed'

/** How long a peer may stay over its buffer budget while only droppable frames are skipped. */
const SLOW_CONSUMER_GRACE_MS = 1000

export interface UpgradeInfo {
  address: ClientAddress
  origin: string | null
  host: string | null
}

export type GatewaySocket = ServerWebSocket<Connection>

export class Connection {
  readonly connId = crypto.randomUUID()
  readonly nonce = crypto.randomUUID()
  session!: ClientSession
  presenceKey?: string
  /** What every request's method context shares (dispatch builds it on the first request). */
  contextBase?: Omit<MethodContext, 'respondEarly' | 'answered'>
  /** The device token this socket authenticated with, handed back unchanged in `hello-ok`. */
  presentedDeviceToken?: string
  private state: State = 'awaiting-connect'
  private seq = 0
  private queued: (string | Buffer)[] = []
  /**
   * Frames sent this turn of the event loop, written together (outbox.ts), as flat triples: an event's
   * shared text before its `seq`, the seq (-1 for a frame without one: the first part is the whole
   * frame), the shared text after it. A broadcast encodes its event once; each connection's copy is
   * joined only as it is written, so a thousand frames waiting for a flush are not a thousand strings.
   */
  private outbox: (string | number)[] = []
  /** The socket's buffered bytes after the last flush: it only shrinks until the next one, so below the budget no frame needs to ask again. */
  private bufferedAtFlush = 0
  private handshakeTimer?: Timer
  private slowTimer?: Timer
  private unauthorizedStreak = 0
  private ws!: GatewaySocket

  constructor(readonly rt: GatewayRuntime, readonly upgrade: UpgradeInfo) {}

  get ip() {
    return this.upgrade.address.ip
  }

  get isReady() {
    return this.state === 'ready'
  }

  onOpen(ws: GatewaySocket): void {
    this.ws = ws
    this.handshakeTimer = setTimeout(() => this.close(1000, ''), this.rt.limits.handshakeTimeoutMs)
    this.sendText(
      JSON.stringify({
        type: 'event',
        event: 'connect.challenge',
        payload: { nonce: this.nonce, ts: Date.now(), capabilities: [] },
      }),
      false,
    )
  }

  onMessage(raw: string | Buffer): void {
    if (this.state === 'ready') return void dispatchFrame(this, raw)
    if (this.state === 'closed') return
    if (byteLength(raw) > MAX_PREAUTH_PAYLOAD_BYTES) return this.close(1009, 'preauth payload too large')
    if (this.state === 'connecting') {
      if (this.queued.length >= MAX_PENDING_HANDSHAKE_FRAMES) return this.close(1008, 'too many pending handshake frames')
      this.queued.push(raw)
      return
    }
    this.onFirstFrame(raw)
  }

  private onFirstFrame(raw: string | Buffer): void {
    let frame: unknown
    try {
      frame = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'))
    } catch {
      return this.close(1000, '')
    }
    if (!requestFrame.check(frame)) return this.close(1008, 'invalid request frame')
    if (frame.method !== 'connect') {
      return this.reject(frame.id, new GatewayError('INVALID_REQUEST', 'invalid handshake: first request must be connect'), 1008)
    }
    const params = frame.params ?? {}
    if (claimsWorkerIdentity(params)) return this.close(1008, 'invalid-handshake')
    if (!connectParams.check(params)) {
      this.state = 'connecting' // nothing else is read from this socket; it is about to close
      void connectParams.explain(params).then((why) => {
        this.reject(frame.id, new GatewayError('INVALID_REQUEST', `invalid connect params: ${why}`), 1008)
      })
      return
    }
    this.state = 'connecting'
    acceptConnect(this, params).then(
      (hello) => this.onAccepted(frame.id, hello),
      (err) => {
        if (err instanceof HandshakeRejection) return this.reject(frame.id, err.error, err.closeCode, err.closeReason)
        log.error('connect failed', err)
        this.reject(frame.id, new GatewayError('UNAVAILABLE', 'connect failed'), 1011)
      },
    )
  }

  private onAccepted(id: string, hello: unknown): void {
    if (this.state === 'closed') return // the client left while we were checking it
    clearTimeout(this.handshakeTimer)
    this.rt.preauth.release(this.ip)
    this.state = 'ready'
    this.rt.connections.add(this)
    if (this.session.role === 'node') this.rt.services.nodes.connected(this.session)
    this.sendText(encodeResponse(id, hello), false)
    if (this.presenceKey) this.rt.services.presence.publish()
    const queued = this.queued
    this.queued = []
    for (const raw of queued) dispatchFrame(this, raw)
  }

  private reject(id: string, error: GatewayError, code: number, reason = error.message): void {
    this.sendText(encodeError(id, error), false)
    this.close(code, reason)
  }

  /** Counts role violations in a row; too many closes the socket (a client stuck in a loop). */
  noteUnauthorized(violated: boolean): void {
    this.unauthorizedStreak = violated ? this.unauthorizedStreak + 1 : 0
    if (this.unauthorizedStreak > 10) this.close(1008, 'repeated unauthorized calls')
  }

  /** A broadcast event's frame: `head` + this connection's next `seq` + `tail`. A dropped frame still uses its seq. */
  sendEvent(head: string, tail: string, dropIfSlow: boolean): void {
    this.queue(head, ++this.seq, tail, dropIfSlow)
  }

  sendText(text: string, dropIfSlow: boolean): void {
    this.queue(text, -1, '', dropIfSlow)
  }

  /**
   * Queues unless the peer is over its buffer budget. A frame that must arrive cuts such a peer at once;
   * a droppable one is dropped, and the peer is cut if it is still over budget a second later, so a
   * consumer that only ever gets droppable events cannot hold its budget until the next tick.
   */
  private queue(head: string, seq: number, tail: string, dropIfSlow: boolean): void {
    if (this.state === 'closed') return
    if (this.overBudget()) {
      if (!dropIfSlow) return this.cutSlowConsumer()
      this.slowTimer ??= setTimeout(() => {
        this.slowTimer = undefined
        if (this.overBudget()) this.cutSlowConsumer()
      }, SLOW_CONSUMER_GRACE_MS)
      return
    }
    if (this.outbox.push(head, seq, tail) === 3) scheduleFlush(this)
  }

  /** Writes the queued frames in one corked write; a frame the socket refused, or a buffer now over budget, cuts the peer. */
  flushOutbox(): void {
    const frames = this.outbox
    if (frames.length === 0 || this.state === 'closed') return
    this.outbox = []
    let refused = false
    this.ws.cork((ws) => {
      for (let i = 0; i < frames.length; i += 3) {
        const seq = frames[i + 1] as number
        if (ws.sendText(seq < 0 ? (frames[i] as string) : frames[i] as string + seq + frames[i + 2]) === 0) refused = true
      }
    })
    this.bufferedAtFlush = this.ws.getBufferedAmount()
    if (refused || this.overBudget()) this.cutSlowConsumer()
  }

  private overBudget(): boolean {
    const max = this.rt.limits.maxBufferedBytes
    return this.bufferedAtFlush > max && (this.bufferedAtFlush = this.ws.getBufferedAmount()) > max
  }

  /** 1008 "slow consumer" (PROTOCOL.md §5); `close` drops the socket a second later if the frame cannot leave. */
  private cutSlowConsumer(): void {
    if (this.state === 'closed') return
    log.warn(`slow consumer ${this.connId} (${this.ip}): over its ${this.rt.limits.maxBufferedBytes}-byte buffer budget, disconnected`)
    this.close(1008, 'slow consumer')
  }

  close(code: number, reason: string): void {
    if (this.state === 'closed') return
    // What was sent before the close (an error answer) goes out ahead of the close frame.
    this.flushOutbox()
    this.ws.close(code, truncateReason(reason))
    this.onClosed()
    // A peer that never answers the close frame (or cannot: its buffer is full) is cut off.
    const ws = this.ws
    setTimeout(() => ws.terminate(), 1000).unref()
  }

  onClosed(): void {
    if (this.state === 'closed') return
    const wasReady = this.state === 'ready'
    this.state = 'closed'
    clearTimeout(this.handshakeTimer)
    clearTimeout(this.slowTimer)
    if (!wasReady) return this.rt.preauth.release(this.ip)
    this.rt.connections.remove(this.connId)
    this.rt.services.sessionSubscriptions.drop(this.connId)
    if (this.session.role === 'node') this.rt.services.nodes.disconnected(this.connId)
    if (this.presenceKey) {
      this.rt.services.presence.upsert(this.presenceKey, { reason: 'disconnect' })
      this.rt.services.presence.publish()
    }
  }
}

function byteLength(raw: string | Buffer): number {
  if (typeof raw !== 'string') return raw.byteLength
  // Cheap upper bound first: a UTF-16 unit is at most 3 UTF-8 bytes.
  return raw.length * 3 <= MAX_PREAUTH_PAYLOAD_BYTES ? raw.length : Buffer.byteLength(raw)
}

function claimsWorkerIdentity(params: unknown): boolean {
  const p = params as { role?: unknown; client?: { id?: unknown; mode?: unknown } } | null
  return p?.role === 'worker' || p?.client?.id === 'openclaw-worker' || p?.client?.mode === 'worker'
}

function truncateReason(reason: string): string {
  const bytes = Buffer.from(reason, 'utf8')
  if (bytes.length <= CLOSE_REASON_MAX_BYTES) return reason
  return bytes.subarray(0, CLOSE_REASON_MAX_BYTES).toString('utf8').replace(/\uFFFD+$/, '')
}
