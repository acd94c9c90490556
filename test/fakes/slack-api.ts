/**
 * A fake Slack Web API on 127.0.0.1 (`slackApiUrl`) with a Socket Mode endpoint (`apps.connections.open`
 * hands out our own WebSocket URL; events go out as envelopes the client must ack), plus a helper that
 * POSTs Events API payloads signed the way Slack signs them (v0 HMAC-SHA256 over `v0:<ts>:<body>`).
 * Files hosted with `hostFile` are served like `url_private`: bytes with a bearer token, a sign-in page without.
 */
import { createHmac } from 'node:crypto'
import type { Server, ServerWebSocket } from 'bun'
import { CallRecorder } from './recorder.ts'

export const SLACK_BOT = { user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' }

export class FakeSlack {
  readonly recorder = new CallRecorder()
  readonly socket = new CallRecorder()
  private server?: Server<undefined>
  private sockets = new Set<ServerWebSocket<undefined>>()
  private envelopes = 0
  private rateLimitNext = new Map<string, number>()
  private nextTs = 1
  private files = new Map<string, Uint8Array<ArrayBuffer>>()
  /** The Authorization header of each file download, in order. */
  fileAuth: (string | null)[] = []

  /** Serves `bytes` at a `url_private`-like URL on this server. */
  hostFile(name: string, bytes: Uint8Array): string {
    this.files.set(name, new Uint8Array(bytes))
    return `http://127.0.0.1:${this.server!.port}/files-pri/T1-F1/${name}`
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.server!.port}/api/`
  }

  start(): this {
    this.server = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      fetch: (req, srv) => (new URL(req.url).pathname === '/socket' ? (srv.upgrade(req) ? undefined : new Response('no', { status: 400 })) : this.handle(req)),
      websocket: {
        open: (ws) => {
          this.sockets.add(ws)
          ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A1' } }))
        },
        message: (_ws, raw) => this.socket.record({ method: 'ack', body: JSON.parse(String(raw)) }),
        close: (ws) => void this.sockets.delete(ws),
      },
    })
    return this
  }

  stop(): void {
    this.server?.stop(true)
  }

  /** Sends an Events API payload (a JSON string as built by `slackMessageEvent`) over Socket Mode; returns its envelope id. */
  sendEnvelope(payload: string): string {
    const envelope_id = `env-${++this.envelopes}`
    const frame = JSON.stringify({ envelope_id, type: 'events_api', payload: JSON.parse(payload), accepts_response_payload: false, retry_attempt: 0, retry_reason: '' })
    for (const ws of this.sockets) ws.send(frame)
    return envelope_id
  }

  /** Sends one frame as is (malformed-input tests): a string goes as a text frame, bytes as a binary one. */
  sendRaw(frame: string | Uint8Array): void {
    for (const ws of this.sockets) ws.send(frame)
  }

  /** The next call of `method` answers 429 with `Retry-After: seconds`. */
  rateLimitOnce(method: string, seconds: number): void {
    this.rateLimitNext.set(method, seconds)
  }

  posted(): { channel: string; text: string; thread_ts?: string }[] {
    return this.recorder.of('chat.postMessage').map((c) => c.body as any)
  }

  private async handle(req: Request): Promise<Response> {
    const file = new URL(req.url).pathname.match(/^\/files-pri\/[^/]+\/(.+)$/)
    if (file) {
      const auth = req.headers.get('authorization')
      this.fileAuth.push(auth)
      const bytes = this.files.get(file[1]!)
      if (!auth?.startsWith('Bearer ') || !bytes) return new Response('<html>sign in to Slack</html>', { headers: { 'content-type': 'text/html' } })
      return new Response(bytes, { headers: { 'content-type': 'image/png' } })
    }
    const method = new URL(req.url).pathname.replace(/^\/api\//, '')
    const raw = await req.text()
    const body = (req.headers.get('content-type') ?? '').includes('json') ? JSON.parse(raw || '{}') : Object.fromEntries(new URLSearchParams(raw))
    const wait = this.rateLimitNext.get(method)
    if (wait !== undefined) {
      this.rateLimitNext.delete(method)
      this.recorder.record({ method: `${method}:429`, body })
      return Response.json({ ok: false, error: 'ratelimited' }, { status: 429, headers: { 'retry-after': String(wait) } })
    }
    this.recorder.record({ method, body: { ...body, _auth: req.headers.get('authorization') } })
    switch (method) {
      case 'auth.test':
        return Response.json({ ok: true, url: 'https://fake.slack/', team: 'Fake', user: 'bot', ...SLACK_BOT })
      case 'chat.postMessage':
        return Response.json({ ok: true, channel: body.channel, ts: `1700000000.${String(this.nextTs++).padStart(6, '0')}` })
      case 'chat.update':
        return Response.json({ ok: true, channel: body.channel, ts: body.ts, text: body.text })
      case 'chat.startStream':
        return Response.json({ ok: true, channel: body.channel, ts: `1700000000.${String(this.nextTs++).padStart(6, '0')}` })
      case 'chat.appendStream':
      case 'chat.stopStream':
        return Response.json({ ok: true, channel: body.channel, ts: body.ts })
      case 'chat.delete':
        return Response.json({ ok: true, channel: body.channel, ts: body.ts })
      case 'apps.connections.open':
        return Response.json({ ok: true, url: `ws://127.0.0.1:${this.server!.port}/socket` })
      case 'reactions.add':
      case 'reactions.remove':
      case 'assistant.threads.setStatus':
        return Response.json({ ok: true })
      case 'conversations.open':
        return Response.json({ ok: true, channel: { id: `D${body.users}` } })
      default:
        return Response.json({ ok: false, error: 'unknown_method' })
    }
  }
}

export function signSlackBody(secret: string, body: string, ts = Math.floor(Date.now() / 1000)): Record<string, string> {
  const sig = createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')
  return { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${sig}` }
}

let eventSeq = 0
export function slackMessageEvent(event: Record<string, unknown>): string {
  return JSON.stringify({
    token: 'legacy', team_id: SLACK_BOT.team_id, api_app_id: 'A1', type: 'event_callback', event_id: `Ev${++eventSeq}`, event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: SLACK_BOT.team_id, user_id: SLACK_BOT.user_id, is_bot: true }],
    event: { type: 'message', ts: `${Math.floor(Date.now() / 1000)}.000${eventSeq}`, ...event },
  })
}
