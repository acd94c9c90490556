/**
 * Slack's HTTP Events API on the gateway's own port: checks the request signature (HMAC of the raw
 * body with the signing secret, timestamps within five minutes), answers `url_verification`, and hands
 * events to Bolt through its Receiver contract. No SDK import: Bolt's verifier and App are passed in.
 */
export interface BoltLike {
  processEvent(event: { body: Record<string, unknown>; ack: (response?: unknown) => Promise<void>; retryNum?: number; retryReason?: string }): Promise<void>
}

export type VerifyFn = (opts: { signingSecret: string; body: string; headers: { 'x-slack-signature': string; 'x-slack-request-timestamp': number } }) => boolean

/** Slack wants an answer within 3 s; past that it retries, so we ack anyway. */
const ACK_TIMEOUT_MS = 2500

export function createEventsHandler(opts: { signingSecret: string; verify: VerifyFn; app: () => BoltLike | undefined }) {
  return async function handle(req: Request): Promise<Response> {
    if (req.method !== 'POST') return new Response('method not allowed', { status: 405 })
    const raw = await req.text()
    const signature = req.headers.get('x-slack-signature') ?? ''
    const timestamp = Number(req.headers.get('x-slack-request-timestamp'))
    const valid = signature !== '' && Number.isFinite(timestamp) &&
      opts.verify({ signingSecret: opts.signingSecret, body: raw, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp } })
    if (!valid) return new Response('invalid signature', { status: 401 })
    let body: Record<string, unknown>
    try {
      body = parseBody(raw, req.headers.get('content-type') ?? '')
    } catch {
      return new Response('malformed body', { status: 400 })
    }
    if (body.type === 'url_verification') return Response.json({ challenge: body.challenge })
    const app = opts.app()
    if (!app) return new Response('not ready', { status: 503 })
    let answer: (value: unknown) => void = () => {}
    const acked = new Promise<unknown>((resolve) => (answer = resolve))
    const retryNum = Number(req.headers.get('x-slack-retry-num'))
    void app.processEvent({
      body,
      ack: async (response) => answer(response),
      ...(Number.isFinite(retryNum) && req.headers.has('x-slack-retry-num') && { retryNum, retryReason: req.headers.get('x-slack-retry-reason') ?? undefined }),
    }).catch(() => answer(undefined))
    const response = await Promise.race([acked, Bun.sleep(ACK_TIMEOUT_MS).then(() => undefined)])
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
