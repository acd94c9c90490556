import { afterEach, expect, test } from 'bun:test'
import { operator } from '../helpers/agent.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { createSessionStore } from '../../src/store/session-store.ts'

let gw: TestGateway | undefined
afterEach(async () => {
  await gw?.stop()
  gw = undefined
})

const ENTRIES = 100_000

test('a 100,000-entry transcript pages back from its newest end to its first entry, each entry once, in order', async () => {
  gw = await startTestGateway()
  const db = gw.database
  const store = createSessionStore(db)
  const session = store.ensure('agent:main:long', { agentId: 'main', kind: 'main' })
  db.transaction(() => {
    for (let i = 0; i < ENTRIES; i++) {
      store.append(session.sessionId, { role: i % 2 ? 'assistant' : 'user', body: { role: i % 2 ? 'assistant' : 'user', content: [{ type: 'text', text: `entry ${i}` }], timestamp: i } })
    }
  })()
  const c = await operator(gw)
  const list = await c.call('sessions.list', { limit: 5 })
  expect(list.sessions.find((s: { key: string }) => s.key === 'agent:main:long')?.messageCount).toBe(ENTRIES)

  const texts: string[] = []
  let offset: number | null = 0
  let pages = 0
  while (offset !== null) {
    const page = await c.call('chat.history', { sessionKey: 'agent:main:long', limit: 1000, offset })
    expect(page.totalCount).toBe(ENTRIES)
    texts.unshift(...page.messages.map((m: { content: { text: string }[] }) => m.content[0]!.text))
    expect(page.hasMore).toBe(page.nextOffset !== null)
    offset = page.nextOffset
    c.frames.length = 0
    pages++
  }
  expect(pages).toBe(ENTRIES / 1000)
  expect(texts.length).toBe(ENTRIES)
  expect(texts.every((t, i) => t === `entry ${i}`)).toBe(true)
  const newest = await c.call('chat.history', { sessionKey: 'agent:main:long', limit: 3 })
  expect(newest.messages.map((m: { content: { text: string }[] }) => m.content[0]!.text)).toEqual([`entry ${ENTRIES - 3}`, `entry ${ENTRIES - 2}`, `entry ${ENTRIES - 1}`])
  c.close()
}, 60_000)
