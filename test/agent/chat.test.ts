import { afterEach, describe, expect, test } from 'bun:test'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TestClient } from '../helpers/client.ts'
import type { TestGateway } from '../helpers/gateway.ts'
import { chatEnded, lifecycleEnded, operator, runEvents, startAgentGateway, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'

let gw: TestGateway | undefined
let fake: FakeModelServer | undefined
const clients: TestClient[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.close()
  await gw?.stop()
  await fake?.stop()
  gw = fake = undefined
})

async function setup(dialect: 'openai' | 'anthropic' | 'offline' = 'openai', delayMs?: number) {
  fake = dialect === 'offline' ? undefined : startFakeModelServer(dialect, { delayMs })
  gw = await startAgentGateway({ fake, dialect: dialect === 'offline' ? undefined : dialect })
  const c = await operator(gw)
  clients.push(c)
  return c
}

describe('chat.send', () => {
  test('without a model the offline responder streams deltas and a final message', async () => {
    const c = await setup('offline')
    const ack = await c.call('chat.send', { sessionKey: 'main', message: 'hello', idempotencyKey: 'k1' })
    expect(ack).toEqual({ runId: 'k1', status: 'started' })
    const events = (await runEvents(c, 'k1', chatEnded)).filter((f) => f.event === 'chat')
    const deltas = events.filter((f) => f.payload.state === 'delta')
    // The first piece at once, the rest (streamed within 75 ms) merged.
    expect(deltas.length).toBeGreaterThanOrEqual(2)
    expect(deltas.map((d) => d.payload.deltaText).join('')).toBe(deltas.at(-1)!.payload.message.content[0].text)
    const final = events.at(-1)!.payload
    expect(final.state).toBe('final')
    expect(final.sessionKey).toBe('agent:main:main')
    expect(final.message.content[0].text).toContain('No model is configured')
    expect(final.message.content[0].text).toContain('OPENAI_API_KEY')
    // One seq counter per run, shared by agent and chat events.
    const all = events.map((f) => f.payload.seq)
    expect([...all].sort((a, b) => a - b)).toEqual(all)
  })

  test('live text is paced at 75 ms: a burst is merged, nothing is lost, and the final follows the last delta', async () => {
    const c = await setup()
    const chunks = Array.from({ length: 20 }, (_, i) => `tok${i} `)
    // The first chunk alone (chunks arriving together are one piece), the other nineteen at once after it.
    const first = c.waitFor((f) => f.event === 'agent' && f.payload.runId === 'burst' && f.payload.stream === 'assistant')
    fake!.script({ kind: 'text', chunks, gate: (i) => (i === 1 ? first : Promise.resolve()) })
    await c.call('chat.send', { sessionKey: 'main', message: 'go', idempotencyKey: 'burst' })
    const events = [await first, ...(await runEvents(c, 'burst', chatEnded))]
    const deltas = events.filter((f) => f.event === 'chat' && f.payload.state === 'delta')
    const assistant = events.filter((f) => f.event === 'agent' && f.payload.stream === 'assistant')
    // The model answered at once: the first chunk alone, then the other nineteen in fewer events.
    expect(deltas[0]!.payload.deltaText).toBe('tok0 ')
    expect(deltas.length).toBeLessThan(chunks.length)
    expect(deltas.map((d) => d.payload.deltaText).join('')).toBe(chunks.join(''))
    expect(assistant.map((a) => a.payload.data.delta).join('')).toBe(chunks.join(''))
    expect(assistant.at(-1)!.payload.data.text).toBe(chunks.join(''))
    const final = events.at(-1)!
    expect(final.payload.state).toBe('final')
    expect(deltas.at(-1)!.payload.message.content[0].text).toBe(final.payload.message.content[0].text)
  })

  test('text deltas that arrived in one read are one piece: the first delta holds them all, none is paced behind it', async () => {
    const c = await setup()
    const first = c.waitFor((f) => f.event === 'chat' && f.payload.runId === 'joined' && f.payload.state === 'delta')
    // The last chunk only once the first delta is out: it cannot have joined it.
    fake!.script({ kind: 'text', chunks: ['Hel', 'lo ', 'world', '!'], together: 3, gate: (i) => (i === 3 ? first : Promise.resolve()) })
    await c.call('chat.send', { sessionKey: 'main', message: 'go', idempotencyKey: 'joined' })
    expect((await first).payload.deltaText).toBe('Hello world')
    const events = await runEvents(c, 'joined', chatEnded)
    const assistant = events.filter((f) => f.event === 'agent' && f.payload.stream === 'assistant')
    expect(assistant[0]!.payload.data).toMatchObject({ delta: 'Hello world', text: 'Hello world' })
    expect(events.at(-1)!.payload.message.content[0].text).toBe('Hello world!')
  })

  test('live text slower than the pace goes out piece by piece', async () => {
    // Far apart, so that even a loaded machine delivering one late leaves them more than 75 ms apart.
    const c = await setup('openai', 400)
    fake!.script({ kind: 'text', chunks: ['one ', 'two ', 'three'] })
    await c.call('chat.send', { sessionKey: 'main', message: 'go', idempotencyKey: 'slow' })
    const deltas = (await runEvents(c, 'slow', chatEnded)).filter((f) => f.event === 'chat' && f.payload.state === 'delta')
    expect(deltas.map((d) => d.payload.deltaText)).toEqual(['one ', 'two ', 'three'])
  })

  test('a session-scoped-events client gets agent and chat events only for the sessions it subscribed to', async () => {
    const c = await setup()
    const scoped = await operator(gw!, ['session-scoped-events'])
    clients.push(scoped)
    expect(await scoped.call('sessions.messages.subscribe', { key: 'mine' })).toMatchObject({ subscribed: true })
    fake!.script({ kind: 'text', chunks: ['not yours'] })
    await c.call('chat.send', { sessionKey: 'other', message: 'x', idempotencyKey: 'other-run' })
    await runEvents(c, 'other-run', chatEnded)
    fake!.script({ kind: 'text', chunks: ['yours'] })
    await c.call('chat.send', { sessionKey: 'mine', message: 'x', idempotencyKey: 'mine-run' })
    const mine = await runEvents(scoped, 'mine-run', chatEnded)
    expect(mine.some((f) => f.event === 'agent' && f.payload.stream === 'lifecycle')).toBe(true)
    expect(mine.at(-1)!.payload.message.content[0].text).toBe('yours')
    // The other session's run ended before this one began; none of its events reached the scoped client.
    expect(scoped.frames.filter((f) => (f.event === 'chat' || f.event === 'agent') && f.payload.runId === 'other-run')).toEqual([])
  })

  test('a missing idempotencyKey is generated (openclaw-node sends none)', async () => {
    const c = await setup()
    const ack = await c.call('chat.send', { sessionKey: 'main', message: 'hi' })
    expect(ack.status).toBe('started')
    expect(ack.runId).toMatch(/^[0-9a-f-]{36}$/)
    const final = (await runEvents(c, ack.runId, chatEnded)).at(-1)!
    expect(final.payload.message.content[0].text).toBe('pong')
  })

  test('a duplicate while running answers in_flight; after the end, ok', async () => {
    const c = await setup('openai', 30)
    fake!.script({ kind: 'text', chunks: ['a', 'b', 'c', 'd'] })
    await c.call('chat.send', { sessionKey: 'main', message: 'x', idempotencyKey: 'dup' })
    expect(await c.call('chat.send', { sessionKey: 'main', message: 'x', idempotencyKey: 'dup' })).toEqual({ runId: 'dup', status: 'in_flight' })
    await runEvents(c, 'dup', chatEnded)
    expect(await c.call('chat.send', { sessionKey: 'main', message: 'x', idempotencyKey: 'dup' })).toEqual({ runId: 'dup', status: 'ok' })
    expect(fake!.requests.length).toBe(1)
  })

  test('runs of one session are queued in order', async () => {
    const c = await setup('openai', 20)
    fake!.script({ kind: 'text', chunks: ['one', '-', 'one'] }, { kind: 'text', chunks: ['two'] })
    await c.call('chat.send', { sessionKey: 'main', message: 'first', idempotencyKey: 'q1' })
    await c.call('chat.send', { sessionKey: 'main', message: 'second', idempotencyKey: 'q2' })
    const order: string[] = []
    for (;;) {
      const f = await c.waitFor((x) => x.event === 'agent' && x.payload.stream === 'lifecycle')
      order.push(`${f.payload.runId}:${f.payload.data.phase}`)
      if (order.length === 4) break
    }
    expect(order).toEqual(['q1:start', 'q1:end', 'q2:start', 'q2:end'])
    // The second request saw the first exchange as history.
    const msgs = fake!.requests[1]!.body.messages.map((m: any) => `${m.role}:${m.content}`)
    expect(msgs).toEqual(['system:' + fake!.requests[1]!.body.messages[0].content, 'user:first', 'assistant:one-one', 'user:second'])
  })

  test('chat.abort stops the provider stream and ends the run as aborted', async () => {
    const c = await setup()
    fake!.script({ kind: 'hang' })
    await c.call('chat.send', { sessionKey: 'main', message: 'wait', idempotencyKey: 'ab' })
    await c.waitFor((f) => f.event === 'agent' && f.payload.runId === 'ab' && f.payload.data?.phase === 'start')
    expect(await c.call('chat.abort', { sessionKey: 'main' })).toEqual({ ok: true, aborted: true, runIds: ['ab'] })
    const events = await runEvents(c, 'ab', chatEnded)
    expect(events.at(-1)!.payload).toMatchObject({ state: 'aborted', stopReason: 'aborted' })
    expect(events.find((f) => f.event === 'agent' && f.payload.stream === 'lifecycle' && f.payload.data.phase === 'end')!.payload.data.aborted).toBe(true)
    expect(await c.call('chat.abort', { sessionKey: 'main' })).toEqual({ ok: true, aborted: false, runIds: [] })
  })

  test('queueMode "interrupt" aborts the session\'s running turn and starts the new one once it has stopped', async () => {
    const c = await setup()
    fake!.script({ kind: 'hang' })
    await c.call('chat.send', { sessionKey: 'main', message: 'a long one', idempotencyKey: 'i1' })
    await c.waitFor((f) => f.event === 'agent' && f.payload.runId === 'i1' && f.payload.data?.phase === 'start')
    // Its start can reach us before its model request reaches the fake: the hang is that request's, not the next run's.
    for (let i = 0; i < 500 && fake!.requests.length === 0; i++) await Bun.sleep(10)
    expect(fake!.requests).toHaveLength(1)
    const ack = await c.call('chat.send', { sessionKey: 'main', message: 'this instead', idempotencyKey: 'i2', queueMode: 'interrupt' })
    expect(ack).toEqual({ runId: 'i2', status: 'started', interruptedActiveRun: true })
    expect((await runEvents(c, 'i1', chatEnded)).at(-1)!.payload).toMatchObject({ state: 'aborted', stopReason: 'aborted' })
    expect((await runEvents(c, 'i2', chatEnded)).at(-1)!.payload.state).toBe('final')
    // On an idle session it is an ordinary send.
    expect(await c.call('chat.send', { sessionKey: 'main', message: 'idle', idempotencyKey: 'i3', queueMode: 'interrupt' })).toEqual({ runId: 'i3', status: 'started' })
    const bad = await c.request('chat.send', { sessionKey: 'main', message: 'x', idempotencyKey: 'i4', queueMode: 'sideways' })
    expect(bad.error.code).toBe('INVALID_REQUEST')
  })

  test('a refused API key ends the run with a chat error, and the gateway keeps serving', async () => {
    const c = await setup('anthropic')
    fake!.script({ kind: 'status', status: 401, body: { error: { type: 'authentication_error', message: 'invalid x-api-key' } } })
    await c.call('chat.send', { sessionKey: 'main', message: 'hi', idempotencyKey: 'e1' })
    const events = await runEvents(c, 'e1', chatEnded)
    expect(events.at(-1)!.payload).toMatchObject({ state: 'error', errorKind: 'unknown' })
    expect(events.at(-1)!.payload.errorMessage).toContain('invalid x-api-key')
    expect(events.find((f) => f.event === 'agent' && f.payload.data?.phase === 'error')).toBeDefined()
    await c.call('chat.send', { sessionKey: 'main', message: 'again', idempotencyKey: 'e2' })
    expect((await runEvents(c, 'e2', chatEnded)).at(-1)!.payload.state).toBe('final')
  })

  test('a stream cut in the middle keeps the partial text in the transcript', async () => {
    const c = await setup()
    // The connection breaks once the gateway has shown text from it (a reset can discard what it has not read).
    const read = Promise.withResolvers<void>()
    fake!.script({ kind: 'cut', chunks: ['half ', 'a reply'], after: read.promise })
    await c.call('chat.send', { sessionKey: 'main', message: 'go', idempotencyKey: 'cut' })
    const firstDelta = await c.waitFor((f) => f.event === 'chat' && f.payload.runId === 'cut' && f.payload.state === 'delta')
    read.resolve()
    const events = [firstDelta, ...(await runEvents(c, 'cut', chatEnded))]
    expect(events.at(-1)!.payload.state).toBe('error')
    // The text the run showed before it broke: both chunks, unless the reset beat the second one.
    const shown = events.filter((f) => f.event === 'chat' && f.payload.state === 'delta').at(-1)!.payload.message.content[0].text
    expect(['half ', 'half a reply']).toContain(shown)
    const history = await c.call('chat.history', { sessionKey: 'main' })
    expect(history.messages.map((m: any) => [m.role, m.content[0]?.text, m.stopReason])).toEqual([
      ['user', 'go', undefined],
      ['assistant', shown, 'error'],
    ])
  })
})

describe('agent tools', () => {
  test('a tool call streams as tool events to a tool-events client only, and its result goes back to the model', async () => {
    const c = await setup()
    const watcher = await operator(gw!, ['tool-events'])
    clients.push(watcher)
    fake!.script(
      { kind: 'tool', name: 'canvas', args: { action: 'write', path: 'hello/index.html', content: '<h1>hi</h1>' } },
      { kind: 'text', chunks: ['Done.'] },
    )
    const res = watcher.request('agent', { message: 'make a page', idempotencyKey: 't1' }, 't1')
    await res
    const events = await runEvents(watcher, 't1', lifecycleEnded)
    const tools = events.filter((f) => f.payload.stream === 'tool').map((f) => f.payload.data)
    expect(tools[0]).toMatchObject({ phase: 'start', name: 'canvas', args: { path: 'hello/index.html' } })
    expect(tools[1]).toMatchObject({ phase: 'result', name: 'canvas', isError: false })
    expect(readFileSync(join(gw!.stateDir, 'canvas', 'hello', 'index.html'), 'utf8')).toBe('<h1>hi</h1>')
    const seenByOther = c.frames.filter((f) => f.event === 'agent' && f.payload.stream === 'tool')
    expect(seenByOther).toEqual([])
    const back = fake!.requests[1]!.body.messages.at(-1)
    expect(back).toMatchObject({ role: 'tool', tool_call_id: 'call_1' })
  })

  test('a failing tool is an error result for the model, not a failed run', async () => {
    const c = await setup()
    fake!.script(
      { kind: 'tool', name: 'send_message', args: { to: '+1555', message: 'hi' } },
      { kind: 'tool', name: 'canvas', args: { action: 'write', path: '../escape.txt', content: 'x' }, id: 'call_2' },
      { kind: 'text', chunks: ['I could not.'] },
    )
    await c.call('chat.send', { sessionKey: 'main', message: 'text bob', idempotencyKey: 'tf' })
    expect((await runEvents(c, 'tf', chatEnded)).at(-1)!.payload.state).toBe('final')
    expect(fake!.requests[1]!.body.messages.at(-1).content).toContain('no channel is configured')
    expect(fake!.requests[2]!.body.messages.at(-1).content).toContain('unsafe path')
    expect(existsSync(join(gw!.stateDir, 'escape.txt'))).toBe(false)
  })
})
