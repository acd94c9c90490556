/**
 * The machine's floor for `bench:agent`'s load (a script, not a test): the same 1,000 runs over 50
 * connections, served by a bare Bun process that does only what must be done. Each `chat.send` is
 * answered and its model request streamed from the same fake model server; the run's events are
 * relayed to every connection as the gateway sends them (the same frames, paced the same way: a
 * lifecycle start; text as an `agent` and a `chat` frame, at once when none went in the last 75 ms, else
 * merged with what follows until they are up or the run ends; a lifecycle end; the final), each with its
 * connection's `seq`, corked once per loop turn. A machine too busy to read a stream within 75 ms gets
 * more frames from both, as from the original.
 * A connection that advertised `session-scoped-events` gets only the sessions it follows, and for each
 * of them the two `session.message` frames the gateway sends a follower (the user's message as the run
 * starts, the answer as it ends), so each of bench:agent's two modes has its floor.
 * No database, no validation, no auth, no scheduling: what is left is HTTP in, WebSocket out.
 * Usage: bun scripts/bench-floor.ts [--sessions 1000] [--connections 50] [--chunks 20] [--mode both|broadcast|scoped]
 * (both modes by default, each on a fresh server; `--serve MODEL_URL` is the bare server itself, a child process.)
 */
import { parseArgs } from 'node:util'
import type { ServerWebSocket } from 'bun'
import { startFakeModelServer } from '../test/fakes/model-server.ts'
import { loadAverage, printLoad, streamingLoad } from './bench-chat-client.ts'

const { values } = parseArgs({ options: { sessions: { type: 'string' }, connections: { type: 'string' }, chunks: { type: 'string' }, mode: { type: 'string' }, serve: { type: 'string' } } })
const MODES = { both: [false, true], broadcast: [false], scoped: [true] }[values.mode ?? 'both']
if (!MODES) throw new Error(`--mode is both, broadcast or scoped, not ${values.mode}`)

if (values.serve) serve(values.serve)
else for (const scoped of MODES) await measure(scoped)

async function measure(scoped: boolean): Promise<void> {
  const SESSIONS = Number(values.sessions ?? 1000)
  const CONNECTIONS = Number(values.connections ?? 50)
  const CHUNKS = Number(values.chunks ?? 20)
  const fake = startFakeModelServer('openai')
  const proc = Bun.spawn([process.execPath, import.meta.path, '--serve', fake.baseUrl], { stdout: 'pipe', stderr: 'inherit' })
  try {
    const reader = (proc.stdout as ReadableStream<Uint8Array>).getReader()
    const { value } = await reader.read()
    const url = new TextDecoder().decode(value).match(/listening on (\S+)/)![1]!
    console.log(`load average at start: ${loadAverage()}`)
    const figures = await streamingLoad({
      url, token: 'floor', pid: proc.pid, sessions: SESSIONS, connections: CONNECTIONS, chunks: CHUNKS, scoped,
      sessionKey: (i) => `agent:main:floor-${i}`,
      runId: (i) => `floor-${i}`,
      script: (chunks) => fake.script({ kind: 'text', chunks }),
    })
    printLoad(figures, { sessions: SESSIONS, connections: CONNECTIONS, chunks: CHUNKS, scoped, server: 'bare Bun relay' })
    console.log(`load average at end: ${loadAverage()}`)
  } finally {
    proc.kill()
    await proc.exited
    await fake.stop()
  }
}

interface Peer {
  seq: number
  scoped: boolean
  follows: Set<string>
  outbox: string[]
}

function serve(modelUrl: string): void {
  const peers = new Set<ServerWebSocket<Peer>>()
  const pending = new Set<ServerWebSocket<Peer>>()
  const flush = () => {
    for (const ws of pending) {
      const frames = ws.data.outbox
      ws.data.outbox = []
      ws.cork(() => {
        for (const f of frames) ws.sendText(f)
      })
    }
    pending.clear()
  }
  const send = (ws: ServerWebSocket<Peer>, text: string) => {
    if (pending.size === 0) setImmediate(flush)
    pending.add(ws)
    ws.data.outbox.push(text)
  }
  const broadcast = (event: string, sessionKey: string, payload: unknown) => {
    const head = `{"type":"event","event":"${event}","payload":${JSON.stringify(payload)},"seq":`
    for (const ws of peers) if (!ws.data.scoped || ws.data.follows.has(sessionKey)) send(ws, `${head}${++ws.data.seq}}`)
  }
  /** A message of the session's transcript, to the connections following it (as the gateway's `session.message`). */
  const followers = (sessionKey: string, pos: number, message: Record<string, unknown>) => {
    const payload = { sessionKey, agentId: 'main', messageId: `${sessionKey}:${pos}`, messageSeq: pos, message: { ...message, __openclaw: { seq: pos } } }
    const head = `{"type":"event","event":"session.message","payload":${JSON.stringify(payload)},"seq":`
    for (const ws of peers) if (ws.data.follows.has(sessionKey)) send(ws, `${head}${++ws.data.seq}}`)
  }

  async function run(runId: string, sessionKey: string): Promise<void> {
    let seq = 0
    const agent = (stream: string, data: unknown) => broadcast('agent', sessionKey, { runId, seq: ++seq, stream, ts: Date.now(), data, sessionKey, agentId: 'main' })
    const chat = (state: string, fields: object) => broadcast('chat', sessionKey, { runId, sessionKey, agentId: 'main', seq: ++seq, state, ...fields })
    const message = (text: string) => ({ role: 'assistant', content: [{ type: 'text', text }], timestamp: Date.now() })
    const startedAt = Date.now()
    followers(sessionKey, 1, { role: 'user', content: 'go', timestamp: startedAt })
    agent('lifecycle', { phase: 'start', startedAt })
    const res = await fetch(`${modelUrl}/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fast', stream: true, messages: [{ role: 'user', content: 'go' }] }),
    })
    let text = ''
    let held = ''
    let sentAt = -Infinity
    let timer: Timer | undefined
    // Paced as the gateway paces live text: a piece goes at once if none went in the last 75 ms, else
    // it waits (merged with what follows) until they are up, or until the run's end.
    const release = () => {
      clearTimeout(timer)
      if (!held) return
      sentAt = Date.now()
      agent('assistant', { text, delta: held })
      chat('delta', { message: message(text), deltaText: held })
      held = ''
    }
    let buffer = ''
    const decoder = new TextDecoder()
    for await (const chunk of res.body!) {
      buffer += decoder.decode(chunk, { stream: true })
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = buffer.slice(6, end)
        buffer = buffer.slice(end + 2)
        if (data === '[DONE]') continue
        const delta = (JSON.parse(data) as { choices: { delta?: { content?: string } }[] }).choices[0]?.delta?.content
        if (!delta) continue
        text += delta
        const wait = sentAt + 75 - Date.now()
        held += delta
        if (wait <= 0) release()
        else if (held === delta) timer = setTimeout(release, wait)
      }
    }
    release()
    followers(sessionKey, 2, message(text))
    agent('lifecycle', { phase: 'end', startedAt, endedAt: Date.now(), stopReason: 'stop', model: 'fake/fast' })
    chat('final', { message: message(text), stopReason: 'stop', usage: { input: 10, output: 2 } })
  }

  const server = Bun.serve<Peer>({
    hostname: '127.0.0.1',
    port: 0,
    fetch(req, srv) {
      return srv.upgrade(req, { data: { seq: 0, scoped: false, follows: new Set(), outbox: [] } }) ? undefined : new Response('upgrade only', { status: 400 })
    },
    websocket: {
      perMessageDeflate: false,
      open(ws) {
        send(ws, JSON.stringify({ type: 'event', event: 'connect.challenge', payload: { nonce: 'n', ts: Date.now() } }))
      },
      message(ws, raw) {
        const req = JSON.parse(String(raw)) as { id: string; method: string; params: Record<string, any> }
        const answer = (payload: unknown) => send(ws, `{"type":"res","id":${JSON.stringify(req.id)},"ok":true,"payload":${JSON.stringify(payload)}}`)
        if (req.method === 'connect') {
          ws.data.scoped = (req.params.caps as string[]).includes('session-scoped-events')
          peers.add(ws)
          answer({ type: 'hello-ok' })
        } else if (req.method === 'sessions.messages.subscribe') {
          ws.data.follows.add(req.params.key)
          answer({ subscribed: true })
        } else if (req.method === 'chat.send') {
          answer({ runId: req.params.idempotencyKey, status: 'started' })
          void run(req.params.idempotencyKey, req.params.sessionKey)
        }
      },
      close(ws) {
        peers.delete(ws)
      },
    },
  })
  console.log(`listening on ws://127.0.0.1:${server.port}`)
}
