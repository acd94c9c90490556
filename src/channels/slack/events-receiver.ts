/**
 * Slack's HTTP Events API on the gateway's own port: checks the request signature (HMAC of the raw
 * body with the signing secret, timestamps within five minutes), answers `url_verification`, and hands
 * events to Bolt through its Receiver contract. No SDK import: Bolt's verifier and App are passed in.
 */
import { readBounded } from '../../http/http-body.ts'
import { httpError } from '../../http/http-error.ts'
import { InboundNotKept } from '../errors.ts'

export interface BoltLike {
  processEvent(event: { body: Record<string, unknown>; ack: (response?: unknown) => Promise<void>; retryNum?: number; retryReason?: string }): Promise<void>
}

export type VerifyFn = (opts: { signingSecret: string; body: string; headers: { 'x-slack-signature': string; 'x-slack-request-timestamp': number } }) => boolean

/** Slack wants an answer within 3 s; past that it retries, so we ack anyway. */
const ACK_TIMEOUT_MS = 2500
const NOT_KEPT = Symbol('not kept')
/** Slack's event and interactivity payloads are a few KiB; nothing bigger is read, let alone parsed. */
const MAX_SLACK_EVENT_BYTES = 1024 * 1024

export function createEventsHandler(opts: { signingSecret: string; verify: VerifyFn; app: () => BoltLike | undefined }) {
  return async function handle(req: Request): Promise<Response> {
    if (req.method !== 'POST') return httpError(405, 'method not allowed', { headers: { allow: 'POST' } })
    // Unsigned requests are turned away before their body is read; a signed one is read up to the cap,
    // its signature checked on the raw bytes, and only then parsed.
    const signature = req.headers.get('x-slack-signature') ?? ''
    const timestamp = Number(req.headers.get('x-slack-request-timestamp'))
    if (signature === '' || !Number.isFinite(timestamp)) return httpError(401, 'invalid signature')
    const bytes = await readBounded(req, MAX_SLACK_EVENT_BYTES)
    if (!bytes) return httpError(413, 'too large')
    const raw = new TextDecoder().decode(bytes)
    const valid = opts.verify({ signingSecret: opts.signingSecret, body: raw, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp } })
    if (!valid) return httpError(401, 'invalid signature')
    let body: Record<string, unknown>
    try {
      body = parseBody(raw, req.headers.get('content-type') ?? '')
    } catch {
      return httpError(400, 'malformed body')
    }
    if (body.type === 'url_verification') return Response.json({ challenge: body.challenge })
    const app = opts.app()
    if (!app) return httpError(503, 'not ready')
    let answer: (value: unknown) => void = () => {}
    const acked = new Promise<unknown>((resolve) => (answer = resolve))
    const retryNum = Number(req.headers.get('x-slack-retry-num'))
    void app.processEvent({
      body,
      ack: async (response) => answer(response),
      ...(Number.isFinite(retryNum) && req.headers.has('x-slack-retry-num') && { retryNum, retryReason: req.headers.get('x-slack-retry-reason') ?? undefined }),
    }).catch((err) => answer(err instanceof InboundNotKept ? NOT_KEPT : undefined))
    const response = await Promise.race([acked, Bun.sleep(ACK_TIMEOUT_MS).then(() => undefined)])
    // Its message could not be kept: an error status, so Slack delivers the event again. Any other
    // failure is answered 200, or Slack would redeliver it to fail again.
    if (response === NOT_KEPT) return httpError(503, 'not kept; retry')
    return response === undefined || response === '' ? new Response('', { status: 200 }) : Response.json(response)
  }
}

/** Events come as JSON; interactivity as a form with a `payload` JSON field. */
function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(raw)
    const payload = form.get('payload')
    return payload ? JSON.parse(payload) : Object.fromEntries(form)
  }
  const parsed = JSON.parse(raw)
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object')
  return parsed
}
