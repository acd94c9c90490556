/**
 * A fake Slack Web API on 127.0.0.1 (`slackApiUrl`), plus a helper that POSTs Events API payloads
 * signed the way Slack signs them (v0 HMAC-SHA256 over `v0:<ts>:<body>`).
 */
import { createHmac } from 'node:crypto'
import type { Server } from 'bun'
import { CallRecorder } from './recorder.ts'

export const SLACK_BOT = { user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' }

export class FakeSlack {
  readonly recorder = new CallRecorder()
  private server?: Server<undefined>
  private rateLimitNext = new Map<string, number>()
  private nextTs = 1

  get apiUrl(): string {
    return `http://127.0.0.1:${this.server!.port}/api/`
  }

  start(): this {
    this.server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (req) => this.handle(req) })
    return this
  }

  stop(): void {
    this.server?.stop(true)
  }

  /** The next call of `method` answers 429 with `Retry-After: seconds`. */
  rateLimitOnce(method: string, seconds: number): void {
    this.rateLimitNext.set(method, seconds)
  }

  posted(): { channel: string; text: string; thread_ts?: string }[] {
    return this.recorder.of('chat.postMessage').map((c) => c.body as any)
  }

  private async handle(req: Request): Promise<Response> {
    const method = new URL(req.url).pathname.replace(/^\/api\//, '')
    const raw = await req.text()
    const body = (req.headers.get('content-type') ?? '').includes('json') ? JSON.parse(raw || '{}') : Object.fromEntries(new URLSearchParams(raw))
    const wait = this.rateLimitNext.get(method)
    if (wait !== undefined) {
      this.rateLimitNext.delete(method)
      this.recorder.record({ method: `${method}:429`, body })
      return Response.json({ ok: false, error: 'ratelimited' }, { status: 429, headers: { 'retry-after': String(wait) } })
    }
    this.recorder.record({ method, body })
    switch (method) {
      case 'auth.test':
        return Response.json({ ok: true, url: 'https://fake.slack/', team: 'Fake', user: 'bot', ...SLACK_BOT })
      case 'chat.postMessage':
        return Response.json({ ok: true, channel: body.channel, ts: `1700000000.${String(this.nextTs++).padStart(6, '0')}` })
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
