/**
 * An OpenAI-compatible speech-to-text endpoint on 127.0.0.1: `POST /v1/audio/transcriptions` reads
 * the multipart upload (`file`, `model`, `language`, `prompt`), records it with the auth header, and
 * answers `{ text }`. `failNext(status)` answers an error once; `hangNext()` never answers once (until
 * the fake stops), for timeouts.
 */
export interface Upload {
  model: string
  language?: string
  prompt?: string
  fileName: string
  mimeType: string
  bytes: Buffer
  authorization?: string
}

export class FakeTranscriber {
  private server?: ReturnType<typeof Bun.serve>
  readonly uploads: Upload[] = []
  text = 'please book a table for two'
  private next: ({ status: number } | 'hang')[] = []
  private hanging: (() => void)[] = []
  private waiters: (() => void)[] = []

  start(): this {
    this.server = Bun.serve({ hostname: '127.0.0.1', port: 0, idleTimeout: 0, fetch: (req) => this.handle(req) })
    return this
  }

  /** The API root, as `baseUrl` names it (`…/v1`). */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.server!.port}/v1`
  }

  stop(): void {
    for (const release of this.hanging.splice(0)) release()
    this.server?.stop(true)
  }

  failNext(status: number): void {
    this.next.push({ status })
  }

  hangNext(): void {
    this.next.push('hang')
  }

  /** Resolves once `n` uploads have arrived. */
  async waitForUploads(n: number, timeoutMs = 10_000): Promise<Upload[]> {
    const deadline = Date.now() + timeoutMs
    while (this.uploads.length < n) {
      if (Date.now() > deadline) throw new Error(`fake transcriber: ${this.uploads.length} of ${n} uploads arrived`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50)
        this.waiters.push(() => (clearTimeout(timer), resolve()))
      })
    }
    return this.uploads
  }

  private async handle(req: Request): Promise<Response> {
    if (req.method !== 'POST' || new URL(req.url).pathname !== '/v1/audio/transcriptions') return Response.json({ error: { message: 'not found' } }, { status: 404 })
    const form = await req.formData()
    const file = form.get('file') as File
    const text = (k: string) => (typeof form.get(k) === 'string' ? (form.get(k) as string) : undefined)
    this.uploads.push({
      model: text('model')!, language: text('language'), prompt: text('prompt'), fileName: file.name, mimeType: file.type,
      bytes: Buffer.from(await file.arrayBuffer()), authorization: req.headers.get('authorization') ?? undefined,
    })
    for (const wake of this.waiters.splice(0)) wake()
    const next = this.next.shift()
    if (next === 'hang') {
      await new Promise<void>((resolve) => this.hanging.push(resolve))
      return new Response('too late', { status: 503 })
    }
    if (next) return Response.json({ error: { message: `fake ${next.status}` } }, { status: next.status })
    return Response.json({ text: this.text })
  }
}
