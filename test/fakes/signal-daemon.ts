/**
 * A fake signal-cli JSON-RPC HTTP daemon on 127.0.0.1 (`signal-cli daemon --http`): `/api/v1/check`,
 * the SSE stream at `/api/v1/events` (event ids, `Last-Event-ID` replay of kept events as signal-cli
 * does, all of them when the id is unknown) and JSON-RPC at `/api/v1/rpc` (`send`, `sendTyping`,
 * `sendReceipt`, `sendReaction`). It can go away and come back on the same port. `/__fake/*` lets a test drive an
 * instance running in another process (fake-signal-cli.ts). By default it is a daemon started for one
 * number (no `listAccounts`, as signal-cli's single-account mode); `serves` makes it a multi-account
 * daemon that lists those numbers. `floodNextStream()` makes the next event stream endless data lines.
 */
import type { Server } from 'bun'
import { CallRecorder, type Call } from './recorder.ts'

export const SIGNAL_BOT = '+15550000000'
export const SIGNAL_BOT_UUID = '00000000-0000-4000-8000-000000000000'

export interface PushOptions {
  from?: string
  uuid?: string | null
  name?: string
  groupId?: string
  mentions?: { number?: string; uuid?: string; start: number; length: number }[]
  quote?: { id: number; authorNumber?: string }
  attachments?: { contentType: string; filename?: string; id: string; size?: number }[]
}

type RpcError = { code: number; message: string }
const encoder = new TextEncoder()

export class FakeSignalDaemon {
  readonly recorder = new CallRecorder()
  private server?: Server<undefined>
  private streams = new Set<ReadableStreamDefaultController<Uint8Array>>()
  /** Kept events, as signal-cli keeps the last ones for `Last-Event-ID`. */
  private events: { id: string; data: string }[] = []
  private epoch = 'a'
  private nextId = 1
  // Signal message ids are send timestamps; a fake started again must not reuse them.
  private nextTs = Date.now()
  private failures = new Map<string, RpcError[]>()
  port = 0
  /** Every GET /api/v1/events, with the Last-Event-ID it carried. */
  readonly connects: (string | null)[] = []
  info: Record<string, unknown> = {}
  /** The number its events are for (signal-cli's `account` field); a daemon started with `-a` sets it. */
  account = SIGNAL_BOT
  /** The numbers `listAccounts` reports (a multi-account daemon); unset, the method does not exist. */
  serves?: string[]
  /** Called on `/__fake/flood-stdout` (fake-signal-cli.ts floods its stdout). */
  onFloodStdout?: () => void
  private floodNext = false

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  start(port = 0, hostname = '127.0.0.1'): this {
    this.server = Bun.serve({ hostname, port, idleTimeout: 0, fetch: (req) => this.handle(req) })
    this.port = this.server.port!
    return this
  }

  /** Closes the event streams and the listener (the daemon "dies"); kept events survive. */
  stop(): void {
    for (const c of this.streams) {
      try {
        c.close()
      } catch {
        // Already closed by the client.
      }
    }
    this.streams.clear()
    this.server?.stop(true)
    this.server = undefined
  }

  /** A restarted signal-cli: event ids start over, so a client's Last-Event-ID is unknown. */
  forgetEventIds(): void {
    this.epoch = String.fromCharCode(this.epoch.charCodeAt(0) + 1)
    this.events = this.events.map((e, i) => ({ ...e, id: `${this.epoch}${i + 1}` }))
  }

  /**
   * The open event streams end, and the next one is `data:` lines that never finish their event,
   * written as fast as the client reads them.
   */
  floodNextStream(): void {
    this.floodNext = true
    for (const c of this.streams) {
      try {
        c.close()
      } catch {
        // Already closed by the client.
      }
    }
    this.streams.clear()
  }

  private flood$(): ReadableStream<Uint8Array> {
    const line = encoder.encode(`data:${'x'.repeat(1 << 16)}\n`)
    return new ReadableStream<Uint8Array>({ pull: (c) => c.enqueue(line) })
  }

  get openStreams(): number {
    return this.streams.size
  }

  pushRaw(data: string, event = 'receive'): void {
    const id = `${this.epoch}${this.nextId++}`
    this.events.push({ id, data })
    for (const c of this.streams) c.enqueue(encoder.encode(`id:${id}\nevent:${event}\ndata:${data}\n\n`))
  }

  /** A data message from `from` (a DM, or in `groupId`); returns its timestamp (the message id). */
  pushText(text: string, o: PushOptions = {}): number {
    const ts = this.nextTs++
    const from = o.from ?? '+15557654321'
    this.pushRaw(JSON.stringify({
      envelope: {
        source: from, sourceNumber: from, sourceUuid: o.uuid === undefined ? `uuid-${from}` : o.uuid, sourceName: o.name ?? 'Ada',
        sourceDevice: 1, timestamp: ts, serverReceivedTimestamp: ts + 5,
        dataMessage: {
          timestamp: ts, message: text, expiresInSeconds: 0, viewOnce: false,
          ...(o.groupId && { groupInfo: { groupId: o.groupId, groupName: 'A group', revision: 2, type: 'DELIVER' } }),
          ...(o.mentions && { mentions: o.mentions.map((m) => ({ name: m.number ?? m.uuid, ...m })) }),
          ...(o.quote && { quote: { id: o.quote.id, author: o.quote.authorNumber, authorNumber: o.quote.authorNumber, text: 'earlier', attachments: [] } }),
          ...(o.attachments && { attachments: o.attachments }),
        },
      },
      account: this.account,
    }))
    return ts
  }

  failNext(method: string, error: RpcError): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error])
  }

  sent(): Record<string, any>[] {
    return this.recorder.of('send').map((c) => c.body)
  }

  private events$(lastId: string | null): ReadableStream<Uint8Array> {
    let controller!: ReadableStreamDefaultController<Uint8Array>
    const known = lastId === null ? -1 : this.events.findIndex((e) => e.id === lastId)
    const replay = lastId === null ? [] : this.events.slice(known + 1)
    return new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c
        this.streams.add(c)
        c.enqueue(encoder.encode(':\n'))
        for (const e of replay) c.enqueue(encoder.encode(`id:${e.id}\nevent:receive\ndata:${e.data}\n\n`))
      },
      cancel: () => {
        this.streams.delete(controller)
      },
    })
  }

  private async handle(req: Request): Promise<Response> {
    const path = new URL(req.url).pathname
    if (path === '/api/v1/check') return new Response(null, { status: req.method === 'GET' ? 200 : 405 })
    if (path === '/api/v1/events') {
      const lastId = req.headers.get('last-event-id')
      this.connects.push(lastId)
      const flooding = this.floodNext
      this.floodNext = false
      return new Response(flooding ? this.flood$() : this.events$(lastId), { headers: { 'content-type': 'text/event-stream' } })
    }
    if (path === '/api/v1/rpc') return this.rpc(req)
    if (path.startsWith('/__fake/')) return this.control(path.slice('/__fake/'.length), req)
    return new Response(null, { status: 404 })
  }

  private async rpc(req: Request): Promise<Response> {
    if (req.method !== 'POST') return new Response(null, { status: 405 })
    if (!req.headers.get('content-type')?.startsWith('application/json')) return new Response(null, { status: 415 })
    const frame = await req.json().catch(() => undefined) as { id?: unknown; method?: unknown; params?: Record<string, any> } | undefined
    const id = frame?.id ?? null
    if (!frame || typeof frame.method !== 'string') return Response.json({ jsonrpc: '2.0', id, error: { code: -32600, message: 'method field must be set' } })
    const params = frame.params ?? {}
    const failure = this.failures.get(frame.method)?.shift()
    if (failure) {
      this.recorder.record({ method: `${frame.method}:failed`, body: params })
      return Response.json({ jsonrpc: '2.0', id, error: failure })
    }
    this.recorder.record({ method: frame.method, body: params })
    switch (frame.method) {
      case 'send':
        if (!params.recipient && !params.groupId) return Response.json({ jsonrpc: '2.0', id, error: { code: -1, message: 'No recipients given' } })
        return Response.json({ jsonrpc: '2.0', id, result: { timestamp: this.nextTs++, results: [{ type: 'SUCCESS' }] } })
      case 'sendTyping':
      case 'sendReceipt':
      case 'sendReaction':
        return Response.json({ jsonrpc: '2.0', id, result: {} })
      case 'listAccounts':
        if (this.serves) return Response.json({ jsonrpc: '2.0', id, result: this.serves.map((number) => ({ number })) })
        return Response.json({ jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not implemented' } })
      default:
        return Response.json({ jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not implemented' } })
    }
  }

  private async control(op: string, req: Request): Promise<Response> {
    const body = req.method === 'POST' ? await req.json() as Record<string, any> : {}
    switch (op) {
      case 'info':
        return Response.json({ ...this.info, calls: this.recorder.calls, openStreams: this.openStreams })
      case 'push':
        return Response.json({ ts: this.pushText(body.text, body.options) })
      case 'exit':
        setTimeout(() => process.exit(body.code ?? 1), 10)
        return Response.json({ ok: true })
      case 'flood-stdout':
        this.onFloodStdout?.()
        return Response.json({ ok: this.onFloodStdout !== undefined })
      default:
        return new Response(null, { status: 404 })
    }
  }
}

/** Drives a FakeSignalDaemon that runs in another process (started by fake-signal-cli.ts). */
export class RemoteSignalDaemon {
  constructor(readonly url: string) {}

  async info(): Promise<{ pid: number; argv: string[]; calls: Call[]; openStreams: number }> {
    return (await fetch(`${this.url}/__fake/info`)).json() as any
  }

  async push(text: string, options: PushOptions = {}): Promise<number> {
    const res = await fetch(`${this.url}/__fake/push`, { method: 'POST', body: JSON.stringify({ text, options }) })
    return ((await res.json()) as { ts: number }).ts
  }

  /** The fake process starts writing one stdout line that never ends. */
  async floodStdout(): Promise<void> {
    await fetch(`${this.url}/__fake/flood-stdout`, { method: 'POST', body: '{}' })
  }

  /** The fake process exits with `code` (the daemon "crashes"). */
  async exit(code = 1): Promise<void> {
    await fetch(`${this.url}/__fake/exit`, { method: 'POST', body: JSON.stringify({ code }) })
  }

  async waitFor(match: (info: Awaited<ReturnType<RemoteSignalDaemon['info']>>) => boolean, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const info = await this.info().catch(() => undefined)
      if (info && match(info)) return info
      if (Date.now() > deadline) throw new Error(`fake signal-cli never matched: ${JSON.stringify(info)}`)
      await Bun.sleep(25)
    }
  }
}
