/**
 * Session and history read benchmark (a script, not a test): the Control UI's `sessions.list`
 * (limit 200, last message and titles), `chat.startup` (80 messages), a deep `chat.history` page and a
 * delta catch-up, over a WebSocket, against a small state and a large one. Reads are by index, so the
 * large state should cost about what the small one does.
 * Usage: bun scripts/bench-sessions.ts [--sessions 20000] [--messages 100000] [--rounds 200]
 */
import { parseArgs } from 'node:util'
import { operator } from '../test/helpers/agent.ts'
import { startTestGateway } from '../test/helpers/gateway.ts'

const { values } = parseArgs({ options: { sessions: { type: 'string' }, messages: { type: 'string' }, rounds: { type: 'string' } } })
const ROUNDS = Number(values.rounds ?? 200)
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!

async function measure(sessionCount: number, messageCount: number) {
  const gw = await startTestGateway()
  const store = gw.runtime.services.sessions
  const body = (role: string, text: string) => ({ role, content: [{ type: 'text', text }], timestamp: Date.now() })
  for (let i = 0; i < sessionCount; i++) {
    const s = store.ensure(`agent:main:s${i}`, { agentId: 'main', kind: 'other' })
    store.append(s.sessionId, { role: 'user', body: body('user', `topic ${i}`) })
  }
  const big = store.ensure('agent:main:main', { agentId: 'main', kind: 'main' })
  for (let i = 0; i < messageCount; i++) store.append(big.sessionId, { role: i % 2 ? 'assistant' : 'user', body: body(i % 2 ? 'assistant' : 'user', `message ${i} `.repeat(8)) })
  const c = await operator(gw)
  const time = async (method: string, params: unknown) => {
    const samples: number[] = []
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now()
      await c.call(method, params)
      samples.push(performance.now() - t0)
    }
    return pct(samples, 50)
  }
  const startup = await c.call('chat.startup', { sessionKey: 'agent:main:main', limit: 80, maxBytes: 262144 })
  const results = {
    'sessions.list (UI, limit 200)': await time('sessions.list', { limit: 200, includeLastMessage: true, includeDerivedTitles: true, agentId: 'main' }),
    'chat.startup (80 messages)': await time('chat.startup', { sessionKey: 'agent:main:main', limit: 80, maxBytes: 262144 }),
    'chat.history (page 100 deep)': await time('chat.history', { sessionKey: 'agent:main:main', limit: 100, offset: Math.floor(messageCount / 2) }),
    'chat.history (delta catch-up)': await time('chat.history', { sessionKey: 'agent:main:main', cursor: startup.deltaCursor }),
  }
  c.close()
  await gw.stop()
  return results
}

const small = await measure(100, 100)
const large = await measure(Number(values.sessions ?? 20_000), Number(values.messages ?? 100_000))
console.log(`median latency over ${ROUNDS} calls: small state (100 sessions, 100 messages) vs large (${values.sessions ?? 20_000} sessions, ${values.messages ?? 100_000} messages)`)
for (const name of Object.keys(small) as (keyof typeof small)[]) {
  console.log(`${name.padEnd(32)} ${small[name].toFixed(2).padStart(8)} ms ${large[name].toFixed(2).padStart(8)} ms   x${(large[name] / small[name]).toFixed(1)}`)
}
