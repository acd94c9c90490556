/**
 * Fake model providers on 127.0.0.1 for tests and benchmarks: an OpenAI-compatible Chat Completions
 * endpoint and an Anthropic Messages endpoint, both streaming SSE. Each request takes the next
 * scripted reply (text, a tool call, an HTTP error, a stream cut in the middle, a silent hang);
 * with nothing scripted they answer "pong", or with `echo: true` "echo: <the last user message>"
 * (channel tests use that to see the whole path, message in → real agent → model → reply out).
 */
/** The tokens a reply reports (default 10 in, 2 out); OpenAI counts cached tokens inside prompt_tokens. */
export interface FakeUsage {
  input: number
  output: number
  cacheRead?: number
  cacheWrite?: number
}

export type Reply =
  /**
   * `after`: the reply starts only once it settles (a test holds a turn until it has done something).
   * `gate(i)`: chunk `i` (from 1) is sent once it settles; without it the chunks go together and usually
   * arrive in one read, which the gateway handles as one piece of text.
   * `together`: the first `together` chunks (and the frames before them) are one write, so they arrive in one read.
   */
  | { kind: 'text'; chunks: string[]; usage?: FakeUsage; after?: Promise<unknown>; gate?: (i: number) => Promise<unknown>; together?: number }
  /** `after`: as for text, the call is sent only once it settles. */
  | { kind: 'tool'; name: string; args: Record<string, unknown>; id?: string; text?: string; usage?: FakeUsage; after?: Promise<unknown> }
  /** `after`: the error is answered only once it settles. */
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string>; after?: Promise<unknown> }
  /** `after`: the connection breaks once it settles (a test waits until the text so far has been read); else 30 ms after the chunks. */
  | { kind: 'cut'; chunks: string[]; after?: Promise<unknown> }
  | { kind: 'hang' }

export interface FakeModelServer {
  baseUrl: string
  /** Every request body received, in order, with its headers. */
  requests: { body: any; headers: Headers }[]
  /** When each text reply's first token went out (performance.now()), for latency benchmarks. */
  firstTokenAt: number[]
  /** When each text reply's last frame was sent, beside `firstTokenAt`. */
  lastFrameAt: number[]
  script(...replies: Reply[]): void
  stop(): Promise<void>
}

type Dialect = 'openai' | 'anthropic'

export function startFakeModelServer(dialect: Dialect, opts: { delayMs?: number; echo?: boolean } = {}): FakeModelServer {
  const queue: Reply[] = []
  const requests: FakeModelServer['requests'] = []
  const firstTokenAt: number[] = []
  const lastFrameAt: number[] = []
  const hanging = new Set<ReadableStreamDefaultController>()
  const path = dialect === 'openai' ? '/v1/chat/completions' : '/v1/messages'
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    idleTimeout: 0,
    async fetch(req) {
      const url = new URL(req.url)
      if (req.method !== 'POST' || url.pathname !== path) return new Response('not found', { status: 404 })
      const body = await req.json()
      requests.push({ body, headers: req.headers })
      const reply = queue.shift() ?? (opts.echo ? { kind: 'text', chunks: ['echo: ', lastUserText(body)] } : { kind: 'text', chunks: ['po', 'ng'] })
      if (reply.kind === 'status') {
        await reply.after
        return Response.json(reply.body ?? { error: { message: `fake ${reply.status}` } }, { status: reply.status, headers: reply.headers })
      }
      const frames = dialect === 'openai' ? openAiFrames(reply) : anthropicFrames(reply)
      const encoder = new TextEncoder()
      const stream = new ReadableStream({
        async start(controller) {
          if (reply.kind === 'hang') {
            hanging.add(controller)
            return
          }
          if (reply.kind === 'text' || reply.kind === 'tool') await reply.after
          // The first frame carrying text: after the role chunk (OpenAI) or message and block starts and a ping (Anthropic).
          const firstText = reply.kind === 'text' ? (dialect === 'openai' ? 1 : 3) : -1
          let pending = ''
          let textSent = false
          for (const [i, frame] of frames.entries()) {
            const chunk = i - firstText
            if (reply.kind === 'text' && reply.gate && chunk >= 1 && chunk < reply.chunks.length) await reply.gate(chunk)
            if (reply.kind === 'text' && reply.together && chunk < reply.together - 1) {
              pending += frame
              continue
            }
            controller.enqueue(encoder.encode(pending + frame))
            // The write carrying the first text (with `together`, the chunks joined to it).
            if (firstText >= 0 && i >= firstText && !textSent) {
              textSent = true
              firstTokenAt.push(performance.now())
            }
            pending = ''
            if (firstText >= 0 && i === frames.length - 1) lastFrameAt.push(performance.now())
            if (opts.delayMs) await Bun.sleep(opts.delayMs)
          }
          if (reply.kind === 'cut') {
            // Let the chunks reach the client first, then break the connection mid-body: a reset can
            // discard what the client has not read yet.
            await (reply.after ?? Bun.sleep(30))
            controller.error(new Error('connection cut by the fake'))
          }
          else controller.close()
        },
      })
      return new Response(stream, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } })
    },
  })
  return {
    baseUrl: `http://127.0.0.1:${server.port}${dialect === 'openai' ? '/v1' : ''}`,
    requests,
    firstTokenAt,
    lastFrameAt,
    script: (...replies) => void queue.push(...replies),
    async stop() {
      for (const c of hanging) {
        try {
          c.close()
        } catch {
          // the client already went away
        }
      }
      await server.stop(true)
    },
  }
}

/** The text of the last user message, in either dialect (a string, or text parts). */
export function lastUserText(body: any): string {
  const user = [...(body.messages ?? [])].reverse().find((m: any) => m.role === 'user')
  if (!user) return ''
  if (typeof user.content === 'string') return user.content
  return (user.content ?? []).filter((p: any) => p.type === 'text').map((p: any) => p.text).join('')
}

const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`

function openAiUsage(u: FakeUsage = { input: 10, output: 2 }): string {
  const cached = u.cacheRead ?? 0
  return sse({ id: 'c1', choices: [], usage: { prompt_tokens: u.input + cached, completion_tokens: u.output, ...(cached && { prompt_tokens_details: { cached_tokens: cached } }) } })
}

function openAiFrames(reply: Reply): string[] {
  const chunk = (delta: unknown, finish: string | null = null) => sse({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })
  if (reply.kind === 'text' || reply.kind === 'cut') {
    const frames = [chunk({ role: 'assistant', content: '' }), ...reply.chunks.map((c) => chunk({ content: c }))]
    if (reply.kind === 'cut') return frames
    return [...frames, chunk({}, 'stop'), openAiUsage(reply.kind === 'text' ? reply.usage : undefined), sse('[DONE]')]
  }
  if (reply.kind === 'tool') {
    const args = JSON.stringify(reply.args)
    const half = Math.floor(args.length / 2)
    const id = reply.id ?? 'call_1'
    return [
      ...(reply.text ? [chunk({ content: reply.text })] : []),
      chunk({ tool_calls: [{ index: 0, id, type: 'function', function: { name: reply.name, arguments: args.slice(0, half) } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(half) } }] }),
      chunk({}, 'tool_calls'),
      ...(reply.usage ? [openAiUsage(reply.usage)] : []),
      sse('[DONE]'),
    ]
  }
  return []
}

function anthropicFrames(reply: Reply): string[] {
  const u = (reply.kind === 'text' || reply.kind === 'tool' ? reply.usage : undefined) ?? { input: 10, output: 2 }
  const cache = { ...(u.cacheRead && { cache_read_input_tokens: u.cacheRead }), ...(u.cacheWrite && { cache_creation_input_tokens: u.cacheWrite }) }
  const start = sse({ type: 'message_start', message: { id: 'm1', role: 'assistant', usage: { input_tokens: u.input, ...cache } } }, 'message_start')
  const stop = (reason: string) => [
    sse({ type: 'message_delta', delta: { stop_reason: reason }, usage: { output_tokens: u.output } }, 'message_delta'),
    sse({ type: 'message_stop' }, 'message_stop'),
  ]
  if (reply.kind === 'text' || reply.kind === 'cut') {
    const frames = [
      start,
      sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
      sse({ type: 'ping' }, 'ping'),
      ...reply.chunks.map((text) => sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }, 'content_block_delta')),
    ]
    if (reply.kind === 'cut') return frames
    return [...frames, sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'), ...stop('end_turn')]
  }
  if (reply.kind === 'tool') {
    const args = JSON.stringify(reply.args)
    const half = Math.floor(args.length / 2)
    const i = reply.text ? 1 : 0
    return [
      start,
      ...(reply.text
        ? [
            sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
            sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: reply.text } }, 'content_block_delta'),
            sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
          ]
        : []),
      sse({ type: 'content_block_start', index: i, content_block: { type: 'tool_use', id: reply.id ?? 'toolu_1', name: reply.name, input: {} } }, 'content_block_start'),
      sse({ type: 'content_block_delta', index: i, delta: { type: 'input_json_delta', partial_json: args.slice(0, half) } }, 'content_block_delta'),
      sse({ type: 'content_block_delta', index: i, delta: { type: 'input_json_delta', partial_json: args.slice(half) } }, 'content_block_delta'),
      sse({ type: 'content_block_stop', index: i }, 'content_block_stop'),
      ...stop('tool_use'),
    ]
  }
  return []
}
