/**
 * The imsg side of `imsg rpc` for tests: a control server on 127.0.0.1 that each fake-imsg.ts child
 * connects to, and the JSON-RPC it plays (`chats.list`, `watch.subscribe` with `since_rowid` replay,
 * `watch.unsubscribe`, `send`). Messages pushed while no child is subscribed are kept, as the Messages
 * database keeps them, and replayed to a subscription that asks for rows after an earlier one.
 */
import type { Server, ServerWebSocket } from 'bun'
import { CallRecorder } from './recorder.ts'

interface Child {
  ws: ServerWebSocket<unknown>
  pid?: number
  argv?: string[]
  subscription?: number
}

type RpcError = { code: number; message: string; data?: string }
export const IMSG_ENV = 'FAKE_IMSG_CONTROL'

export class FakeImsg {
  readonly recorder = new CallRecorder()
  private server?: Server<unknown>
  readonly children: Child[] = []
  private rows: Record<string, unknown>[] = []
  private nextRow = 100
  private nextSub = 1
  private nextGuid = 1
  private failures = new Map<string, RpcError[]>()
  /** How many children ever said hello. */
  spawned = 0

  start(): this {
    this.server = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      fetch: (req, server) => (server.upgrade(req, { data: undefined }) ? undefined : new Response('upgrade required', { status: 426 })),
      websocket: {
        open: (ws) => void this.children.push({ ws }),
        message: (ws, raw) => this.onMessage(this.children.find((c) => c.ws === ws)!, String(raw)),
        close: (ws) => void this.children.splice(this.children.findIndex((c) => c.ws === ws), 1),
      },
    })
    return this
  }

  get controlUrl(): string {
    return `ws://127.0.0.1:${this.server!.port}`
  }

  stop(): void {
    this.server?.stop(true)
  }

  /** The child that answers now (the most recent one). */
  get child(): Child | undefined {
    return this.children.at(-1)
  }

  /** An incoming message, as imsg's watch reports it; returns its row id. */
  pushMessage(fields: Record<string, unknown> = {}): number {
    const id = this.nextRow++
    const row = {
      id, chat_id: 7, guid: `in-${id}`, sender: '+15557654321', is_from_me: false, text: 'hello',
      created_at: new Date().toISOString(), attachments: [], reactions: [], chat_identifier: '+15557654321',
      chat_guid: 'iMessage;-;+15557654321', chat_name: '', participants: ['+15557654321'], is_group: false,
      ...fields,
    }
    this.rows.push(row)
    for (const c of this.children) if (c.subscription !== undefined) this.notify(c, 'message', { subscription: c.subscription, message: row })
    return id
  }

  /** Writes a raw line to the subscribed children's stdout. */
  pushRaw(line: string): void {
    for (const c of this.children) c.ws.send(JSON.stringify({ line }))
  }

  notify(child: Child, method: string, params: unknown): void {
    child.ws.send(JSON.stringify({ line: JSON.stringify({ jsonrpc: '2.0', method, params }) }))
  }

  /** The current child exits with `code`, after writing `stderr`. */
  crash(code: number, stderr?: string): void {
    this.child?.ws.send(JSON.stringify({ ...(stderr !== undefined && { stderr }), exit: code }))
  }

  /** The current child starts writing one stdout line that never ends. */
  floodStdout(): void {
    this.child?.ws.send(JSON.stringify({ flood: true }))
  }

  failNext(method: string, error: RpcError): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error])
  }

  sent(): Record<string, any>[] {
    return this.recorder.of('send').map((c) => c.body)
  }

  /** Waits until the `n`th child has started and subscribed. */
  async waitForSubscribed(n: number, timeoutMs = 5000): Promise<Child> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const latest = this.child
      if (this.spawned >= n && latest?.subscription !== undefined) return latest
      if (Date.now() > deadline) throw new Error(`fake imsg: ${this.spawned} children started, latest subscribed: ${latest?.subscription !== undefined}`)
      await Bun.sleep(20)
    }
  }

  private reply(child: Child, id: unknown, body: { result: unknown } | { error: RpcError }): void {
    child.ws.send(JSON.stringify({ line: JSON.stringify({ jsonrpc: '2.0', id, ...body }) }))
  }

  private onMessage(child: Child, raw: string): void {
    const msg = JSON.parse(raw) as { hello?: { pid: number; argv: string[] }; line?: string }
    if (msg.hello) {
      Object.assign(child, msg.hello)
      this.spawned++
      return
    }
    let req: { id?: unknown; method?: string; params?: Record<string, any> }
    try {
      req = JSON.parse(msg.line!)
    } catch {
      return this.reply(child, null, { error: { code: -32700, message: 'Parse error' } })
    }
    const params = req.params ?? {}
    const failure = this.failures.get(req.method ?? '')?.shift()
    if (failure) {
      this.recorder.record({ method: `${req.method}:failed`, body: params })
      return this.reply(child, req.id, { error: failure })
    }
    this.recorder.record({ method: req.method ?? '', body: params })
    switch (req.method) {
      case 'chats.list':
        return this.reply(child, req.id, { result: { chats: [] } })
      case 'watch.subscribe': {
        child.subscription = this.nextSub++
        this.reply(child, req.id, { result: { subscription: child.subscription } })
        if (typeof params.since_rowid === 'number') {
          for (const row of this.rows.filter((r) => (r.id as number) > params.since_rowid)) this.notify(child, 'message', { subscription: child.subscription, message: row })
        }
        return
      }
      case 'send': {
        const target = params.to ?? params.chat_id ?? params.chat_guid ?? params.chat_identifier
        if (!target) return this.reply(child, req.id, { error: { code: -32602, message: 'Invalid params', data: 'to is required for direct sends' } })
        return this.reply(child, req.id, { result: { ok: true, id: this.nextRow++, guid: `out-${this.nextGuid++}` } })
      }
      default:
        return this.reply(child, req.id, { error: { code: -32601, message: 'Method not found', data: req.method } })
    }
  }
}
