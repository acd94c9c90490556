/**
 * A minimal operator client for the CLI: connect as `cli`/`cli` with the shared secret, make calls,
 * close. Failures are typed so each command can print one line and pick an exit code.
 */
import { PROTOCOL_VERSION } from '../protocol/index.ts'
import { VERSION } from '../version.ts'
import { ClientError } from './client-error.ts'
import { fetchPinnedCertificate } from './tls-pin.ts'

const CLI_SCOPES = ['operator.admin', 'operator.read', 'operator.write', 'operator.approvals', 'operator.pairing']

export { ClientError }

export interface ClientOptions {
  url: string
  token?: string
  password?: string
  timeoutMs?: number
  /** SHA-256 fingerprint the `wss://` gateway's certificate must have (self-signed gateways). */
  tlsFingerprint?: string
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void }
type EventListener = (event: string, payload: any) => void

export class GatewayClient {
  private pending = new Map<string, Pending>()
  private nextId = 1
  private listeners = new Set<EventListener>()
  hello!: Record<string, unknown>

  private constructor(private ws: WebSocket, private timeoutMs: number) {}

  static async connect(opts: ClientOptions): Promise<GatewayClient> {
    const timeoutMs = opts.timeoutMs ?? 10_000
    const ca = opts.tlsFingerprint ? await fetchPinnedCertificate(opts.url, opts.tlsFingerprint, timeoutMs) : undefined
    let ws: WebSocket
    try {
      // Bun's WebSocket takes TLS options as a second argument; the DOM typings do not know it.
      ws = new WebSocket(opts.url, ca ? ({ tls: { ca } } as never) : undefined)
    } catch (err) {
      throw new ClientError('unreachable', `invalid gateway URL ${opts.url}: ${(err as Error).message}`)
    }
    const client = new GatewayClient(ws, timeoutMs)
    await client.handshake(opts)
    return client
  }

  private handshake(opts: ClientOptions): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new ClientError('unreachable', `no answer from ${opts.url} within ${this.timeoutMs} ms`))
        this.ws.close()
      }, this.timeoutMs)
      let opened = false
      this.ws.addEventListener('open', () => (opened = true))
      this.ws.addEventListener('error', () => {
        if (!opened) {
          clearTimeout(timer)
          reject(new ClientError('unreachable', `cannot reach a gateway at ${opts.url} (is it running?)`))
        }
      })
      this.ws.addEventListener('close', (ev) => {
        clearTimeout(timer)
        const err = new ClientError('closed', `gateway closed the connection (${ev.code}${ev.reason ? `: ${ev.reason}` : ''})`)
        for (const p of this.pending.values()) p.reject(err)
        this.pending.clear()
        if (opened) reject(err)
      })
      this.ws.addEventListener('message', (ev) => {
        const frame = JSON.parse(String(ev.data))
        if (frame.type === 'event' && frame.event === 'connect.challenge') {
          this.request('connect', {
            minProtocol: PROTOCOL_VERSION,
            maxProtocol: PROTOCOL_VERSION,
            client: { id: 'cli', version: VERSION, platform: process.platform, mode: 'cli' },
            role: 'operator',
            scopes: CLI_SCOPES,
            auth: { ...(opts.token && { token: opts.token }), ...(opts.password && { password: opts.password }) },
          }).then(
            (hello) => {
              clearTimeout(timer)
              this.hello = hello as Record<string, unknown>
              resolve()
            },
            (err: ClientError) => {
              clearTimeout(timer)
              reject(err.kind === 'failed' ? new ClientError('unauthorized', err.message, err.code, err.details) : err)
            },
          )
          return
        }
        if (frame.type === 'event') {
          for (const listener of this.listeners) listener(frame.event, frame.payload)
          return
        }
        if (frame.type !== 'res') return
        const p = this.pending.get(frame.id)
        if (!p || frame.payload?.status === 'accepted') return
        this.pending.delete(frame.id)
        if (frame.ok) p.resolve(frame.payload)
        else p.reject(new ClientError('failed', frame.error?.message ?? 'request failed', frame.error?.code, frame.error?.details))
      })
    })
  }

  /** Calls `listener` with every event the gateway pushes; returns the unsubscribe. */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Sends a request and resolves with its final payload (an `accepted` ack is skipped). `timeoutMs`
   * overrides the client's timeout for a request that legitimately runs long (an agent turn).
   */
  request(method: string, params: unknown = {}, timeoutMs = this.timeoutMs): Promise<unknown> {
    const id = String(this.nextId++)
    return new Promise((resolve, reject) => {
      // A send on a closed socket is dropped silently: say so now rather than at the timeout.
      if (this.ws.readyState !== WebSocket.OPEN) return reject(new ClientError('closed', `${method}: the gateway closed the connection`))
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new ClientError('unreachable', `${method}: no answer within ${timeoutMs} ms`))
      }, timeoutMs)
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      })
      this.ws.send(JSON.stringify({ type: 'req', id, method, params }))
    })
  }

  close(): void {
    this.ws.close(1000)
  }
}
