/**
 * A fake Discord on 127.0.0.1 for discord.js: REST under /api/v10 (`rest.api`), including
 * `GET /gateway/bot`, which points the SDK's WebSocket at our own `/gateway` speaking HELLO → IDENTIFY →
 * READY (or RESUME → RESUMED), heartbeat ACKs, and whatever dispatches a test sends. Reactions on
 * messages are recorded as `addReaction` / `removeReaction`.
 */
import type { Server, ServerWebSocket } from 'bun'
import { CallRecorder } from './recorder.ts'

export const DISCORD_BOT = { id: '100000000000000001', username: 'testbot', discriminator: '0', bot: true, global_name: null }

export class FakeDiscord {
  readonly recorder = new CallRecorder()
  readonly gateway = new CallRecorder()
  private server?: Server<undefined>
  private sockets = new Set<ServerWebSocket<undefined>>()
  private seq = 0
  private nextId = 500
  private rateLimitNext = new Set<string>()

  get apiRoot(): string {
    return `http://127.0.0.1:${this.server!.port}/api`
  }

  start(): this {
    this.server = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      fetch: (req, srv) => {
        if (new URL(req.url).pathname === '/gateway') return srv.upgrade(req) ? undefined : new Response('upgrade failed', { status: 400 })
        return this.rest(req)
      },
      websocket: {
        open: (ws) => {
          this.sockets.add(ws)
          // A short interval so heartbeats happen within a test.
          ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 200 }, s: null, t: null }))
        },
        message: (ws, raw) => this.onGateway(ws, JSON.parse(String(raw))),
        close: (ws) => void this.sockets.delete(ws),
      },
    })
    return this
  }

  stop(): void {
    this.server?.stop(true)
  }

  /** Sends a dispatch (op 0) to every connected client. */
  dispatch(t: string, d: unknown): void {
    const frame = JSON.stringify({ op: 0, t, s: ++this.seq, d })
    for (const ws of this.sockets) ws.send(frame)
  }

  /** Sends one frame as is (malformed-input tests): a string as a text frame, bytes as a binary one. */
  sendRaw(frame: string | Uint8Array): void {
    for (const ws of this.sockets) ws.send(frame)
  }

  messageCreate(d: Record<string, unknown>): void {
    this.dispatch('MESSAGE_CREATE', {
      id: String(this.nextId++), type: 0, content: '', timestamp: new Date().toISOString(), mentions: [], attachments: [], embeds: [],
      mention_roles: [], pinned: false, mention_everyone: false, tts: false,
      author: { id: '200000000000000002', username: 'ada', global_name: 'Ada', discriminator: '0' },
      ...d,
    })
  }

  rateLimitOnce(route: string): void {
    this.rateLimitNext.add(route)
  }

  sent(): { channel: string; content: string }[] {
    return this.recorder.of('createMessage').map((c) => ({ channel: c.body.channel, content: c.body.content }))
  }

  private onGateway(ws: ServerWebSocket<undefined>, frame: { op: number; d: any }): void {
    this.gateway.record({ method: `op${frame.op}`, body: frame.d ?? {} })
    if (frame.op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }))
    // RESUME after a dropped connection: the session carries on.
    if (frame.op === 6) ws.send(JSON.stringify({ op: 0, t: 'RESUMED', s: ++this.seq, d: {} }))
    if (frame.op === 2) {
      const url = `ws://127.0.0.1:${this.server!.port}/gateway`
      ws.send(JSON.stringify({
        op: 0, t: 'READY', s: ++this.seq,
        d: { v: 10, user: DISCORD_BOT, guilds: [], session_id: 'fake-session', resume_gateway_url: url, application: { id: '300000000000000003', flags: 0 } },
      }))
    }
  }

  private async rest(req: Request): Promise<Response> {
    const path = new URL(req.url).pathname.replace(/^\/api\/v\d+/, '')
    const route = `${req.method} ${path}`
    const body = req.method === 'GET' ? {} : await req.json().catch(() => ({}))
    if (this.rateLimitNext.delete(route)) {
      this.recorder.record({ method: `${route}:429`, body })
      return Response.json({ message: 'You are being rate limited.', retry_after: 0.5, global: false }, {
        status: 429, headers: { 'retry-after': '1', 'x-ratelimit-scope': 'user', 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '0.5', 'x-ratelimit-bucket': 'b1' },
      })
    }
    if (route === 'GET /gateway/bot') {
      return Response.json({ url: `ws://127.0.0.1:${this.server!.port}/gateway`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } })
    }
    const message = path.match(/^\/channels\/(\w+)\/messages$/)
    if (req.method === 'POST' && message) {
      this.recorder.record({ method: 'createMessage', body: { ...body, channel: message[1] } })
      return Response.json({ id: String(this.nextId++), channel_id: message[1], content: body.content, author: DISCORD_BOT, timestamp: new Date().toISOString(), type: 0 })
    }
    const existing = path.match(/^\/channels\/(\w+)\/messages\/(\w+)$/)
    if (existing && req.method === 'PATCH') {
      this.recorder.record({ method: 'editMessage', body: { ...body, channel: existing[1], id: existing[2] } })
      return Response.json({ id: existing[2], channel_id: existing[1], content: body.content, author: DISCORD_BOT, timestamp: new Date().toISOString(), type: 0 })
    }
    if (existing && req.method === 'DELETE') {
      this.recorder.record({ method: 'deleteMessage', body: { channel: existing[1], id: existing[2] } })
      return new Response(null, { status: 204 })
    }
    const reaction = path.match(/^\/channels\/(\w+)\/messages\/(\w+)\/reactions\/([^/]+)\/@me$/)
    if (reaction && (req.method === 'PUT' || req.method === 'DELETE')) {
      const method = req.method === 'PUT' ? 'addReaction' : 'removeReaction'
      this.recorder.record({ method, body: { channel: reaction[1], id: reaction[2], emoji: decodeURIComponent(reaction[3]!) } })
      return new Response(null, { status: 204 })
    }
    if (req.method === 'POST' && /^\/channels\/\w+\/typing$/.test(path)) {
      this.recorder.record({ method: 'typing', body: { channel: path.split('/')[2] } })
      return new Response(null, { status: 204 })
    }
    if (route === 'POST /users/@me/channels') {
      this.recorder.record({ method: 'createDM', body })
      return Response.json({ id: `9${body.recipient_id}`, type: 1, recipients: [{ id: body.recipient_id, username: 'x' }] })
    }
    return Response.json({ message: 'Unknown route', code: 0 }, { status: 404 })
  }
}
