import { afterEach, describe, expect, test } from 'bun:test'
import type { ProviderSettings } from '../../src/config/agent-settings.ts'
import { createAnthropicProvider } from '../../src/providers/anthropic/index.ts'
import { createOpenAiProvider } from '../../src/providers/openai/index.ts'
import { postStream } from '../../src/providers/http.ts'
import type { ModelProvider, StreamEvent } from '../../src/providers/index.ts'
import { startFakeModelServer, type FakeModelServer } from '../fakes/model-server.ts'

const dialects = [
  { name: 'openai-completions', dialect: 'openai' as const, create: createOpenAiProvider },
  { name: 'anthropic-messages', dialect: 'anthropic' as const, create: createAnthropicProvider },
]

const tool = { name: 'canvas', description: 'edit', parameters: { type: 'object', properties: {} } }

async function collect(p: ModelProvider, signal = new AbortController().signal): Promise<StreamEvent[]> {
  const out: StreamEvent[] = []
  for await (const batch of p.stream({ system: 'sys', messages: [{ role: 'user', text: 'hi' }], tools: [tool], signal })) out.push(...batch)
  return out
}

async function failure(p: ModelProvider, signal?: AbortSignal): Promise<any> {
  try {
    await collect(p, signal)
  } catch (err) {
    return err
  }
  throw new Error('expected the stream to fail')
}

let fake: FakeModelServer
afterEach(() => fake?.stop())

for (const d of dialects) {
  describe(d.name, () => {
    const settings = (over: Partial<ProviderSettings> = {}): ProviderSettings => ({
      id: 'fake', api: d.name, baseUrl: fake.baseUrl, apiKey: 'sk-test', headers: {}, timeoutMs: 2000, models: ['m1'], modelEntries: {}, ...over,
    })

    test('streams text deltas and ends with done', async () => {
      fake = startFakeModelServer(d.dialect)
      fake.script({ kind: 'text', chunks: ['Hel', 'lo ', 'there'] })
      const events = await collect(d.create(settings(), 'm1'))
      expect(events.filter((e) => e.type === 'text').map((e) => (e as { delta: string }).delta)).toEqual(['Hel', 'lo ', 'there'])
      expect(events.at(-1)).toMatchObject({ type: 'done' })
      const req = fake.requests[0]!
      expect(req.body.model).toBe('m1')
      expect(req.body.stream).toBe(true)
      if (d.dialect === 'openai') {
        expect(req.headers.get('authorization')).toBe('Bearer sk-test')
        expect(req.body.messages[0]).toEqual({ role: 'system', content: 'sys' })
      } else {
        expect(req.headers.get('x-api-key')).toBe('sk-test')
        expect(req.body.system).toBe('sys')
      }
    })

    test("max_tokens is the model entry's maxTokens, else the provider's", async () => {
      fake = startFakeModelServer(d.dialect)
      const limited = settings({ maxTokens: 300, models: ['m1', 'm2'], modelEntries: { m1: { maxTokens: 64, contextWindow: 8000 } } })
      await collect(d.create(limited, 'm1'))
      await collect(d.create(limited, 'm2'))
      expect(fake.requests.map((r) => r.body.max_tokens)).toEqual([64, 300])
      expect(d.create(limited, 'm1')).toMatchObject({ maxTokens: 64, contextWindow: 8000 })
    })

    test('assembles a tool call streamed in fragments', async () => {
      fake = startFakeModelServer(d.dialect)
      fake.script({ kind: 'tool', name: 'canvas', args: { action: 'write', path: 'a.html', content: 'x'.repeat(40) }, text: 'Let me.' })
      const events = await collect(d.create(settings(), 'm1'))
      const call = events.find((e) => e.type === 'tool_call') as Extract<StreamEvent, { type: 'tool_call' }>
      expect(call.call).toMatchObject({ name: 'canvas', args: { action: 'write', path: 'a.html', content: 'x'.repeat(40) } })
      expect(events.find((e) => e.type === 'text')).toEqual({ type: 'text', delta: 'Let me.' })
    })

    test('retries a 429 after Retry-After and then succeeds', async () => {
      fake = startFakeModelServer(d.dialect)
      fake.script({ kind: 'status', status: 429, headers: { 'retry-after': '0' } }, { kind: 'text', chunks: ['ok'] })
      const events = await collect(d.create(settings(), 'm1'))
      expect(events[0]).toEqual({ type: 'text', delta: 'ok' })
      expect(fake.requests.length).toBe(2)
    })

    test('retries a 503 with backoff', async () => {
      fake = startFakeModelServer(d.dialect)
      fake.script({ kind: 'status', status: 503 }, { kind: 'text', chunks: ['back'] })
      const events = await collect(d.create(settings(), 'm1'))
      expect(events[0]).toEqual({ type: 'text', delta: 'back' })
    })

    test('a 401 fails at once with PROVIDER_AUTH', async () => {
      fake = startFakeModelServer(d.dialect)
      fake.script({ kind: 'status', status: 401, body: { error: { message: 'invalid x-api-key' } } })
      const err = await failure(d.create(settings(), 'm1'))
      expect(err.code).toBe('UNAVAILABLE')
      expect(err.details).toMatchObject({ code: 'PROVIDER_AUTH', provider: 'fake', status: 401 })
      expect(err.message).toContain('invalid x-api-key')
      expect(fake.requests.length).toBe(1)
    })

    test('a 400 is not retried', async () => {
      fake = startFakeModelServer(d.dialect)
      fake.script({ kind: 'status', status: 400 })
      const err = await failure(d.create(settings(), 'm1'))
      expect(err.details.code).toBe('PROVIDER_REJECTED')
      expect(fake.requests.length).toBe(1)
    })

    test('a stream cut in the middle is PROVIDER_STREAM_CUT after the text so far', async () => {
      fake = startFakeModelServer(d.dialect)
      fake.script({ kind: 'cut', chunks: ['partial ', 'answer'] })
      const seen: StreamEvent[] = []
      let error: any
      try {
        for await (const batch of d.create(settings(), 'm1').stream({ system: '', messages: [{ role: 'user', text: 'x' }], tools: [], signal: new AbortController().signal })) seen.push(...batch)
      } catch (err) {
        error = err
      }
      expect(seen.map((e) => (e as { delta: string }).delta).join('')).toBe('partial answer')
      expect(error.details.code).toBe('PROVIDER_STREAM_CUT')
    })

    test('an event past the stream bound is PROVIDER_FAILED, typed like the other failures', async () => {
      fake = startFakeModelServer(d.dialect)
      fake.script({ kind: 'text', chunks: ['x'.repeat((1 << 20) + 16)] })
      const err = await failure(d.create(settings(), 'm1'))
      expect(err.details).toMatchObject({ code: 'PROVIDER_FAILED', provider: 'fake' })
      expect(err.message).toContain('larger than')
    })

    test('a silent stream times out with PROVIDER_TIMEOUT', async () => {
      fake = startFakeModelServer(d.dialect)
      fake.script({ kind: 'hang' })
      const err = await failure(d.create(settings({ timeoutMs: 200 }), 'm1'))
      expect(err.details.code).toBe('PROVIDER_TIMEOUT')
    })

    test('the timeout is for silence, not for the whole answer: a stream that keeps talking outlasts it', async () => {
      fake = startFakeModelServer(d.dialect, { delayMs: 150 })
      const chunks = Array.from({ length: 8 }, (_, i) => `w${i} `)
      fake.script({ kind: 'text', chunks })
      const events = await collect(d.create(settings({ timeoutMs: 700 }), 'm1'))
      expect(events.filter((e) => e.type === 'text').map((e) => (e as { delta: string }).delta).join('')).toBe(chunks.join(''))
      expect(events.at(-1)!.type).toBe('done')
    })

    test('an abort stops a hanging stream with the abort reason', async () => {
      fake = startFakeModelServer(d.dialect)
      fake.script({ kind: 'hang' })
      const ctl = new AbortController()
      setTimeout(() => ctl.abort(new DOMException('stop', 'AbortError')), 50)
      const err = await failure(d.create(settings(), 'm1'), ctl.signal)
      expect(err.name).toBe('AbortError')
    })
  })
}

test("a huge error answer is not read to its end: the run fails with the status, the provider's bytes unread", async () => {
  const total = 64 * 1024 * 1024
  let produced = 0
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: () =>
      new Response(
        new ReadableStream({
          pull(ctl) {
            if (produced >= total) return ctl.close()
            produced += 64 * 1024
            ctl.enqueue(new Uint8Array(64 * 1024).fill(120))
          },
        }),
        { status: 400 },
      ),
  })
  try {
    const err = await (async () => {
      try {
        for await (const _ of postStream({ provider: 'huge', url: `http://127.0.0.1:${server.port}/v1/chat/completions`, headers: {}, body: {}, signal: new AbortController().signal, timeoutMs: 20_000 })) void _
      } catch (e) {
        return e as any
      }
    })()
    expect(err.details).toMatchObject({ code: 'PROVIDER_REJECTED', provider: 'huge', status: 400 })
    // What socket buffers hold beyond the 64 KB read, not the 64 MB an unbounded read takes.
    expect(produced).toBeLessThan(total / 4)
  } finally {
    await server.stop(true)
  }
})

test('an unreachable provider is PROVIDER_NETWORK once retries are spent', async () => {
  const closed = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('') })
  const url = `http://127.0.0.1:${closed.port}/v1/chat/completions`
  await closed.stop(true)
  const err = await (async () => {
    try {
      for await (const _ of postStream({ provider: 'gone', url, headers: {}, body: {}, signal: new AbortController().signal, timeoutMs: 1000, maxRetries: 1 })) void _
    } catch (e) {
      return e as any
    }
  })()
  expect(err.details.code).toBe('PROVIDER_NETWORK')
})
