import { afterEach, expect, test } from 'bun:test'
import { rmSync } from 'node:fs'
import { TestClient } from '../helpers/client.ts'
import { tempStateDir, type TestGateway } from '../helpers/gateway.ts'
import { chatEnded, operator, runEvents, startAgentGateway, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'

let gw: TestGateway | undefined
let fake: FakeModelServer
const dirs: string[] = []
afterEach(async () => {
  await gw?.stop()
  await fake?.stop()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function say(c: TestClient, sessionKey: string, message: string, key: string) {
  await c.call('chat.send', { sessionKey, message, idempotencyKey: key })
  await runEvents(c, key, chatEnded)
}

test('transcripts survive a restart; history is paged from the newest end', async () => {
  fake = startFakeModelServer('openai')
  const stateDir = tempStateDir()
  dirs.push(stateDir)
  gw = await startAgentGateway({ fake, stateDir, persistent: true })
  let c = await operator(gw)
  for (let i = 1; i <= 3; i++) {
    fake.script({ kind: 'text', chunks: [`reply ${i}`] })
    await say(c, 'main', `message ${i}`, `m${i}`)
  }
  c.close()
  await gw.stop()
  gw = await startAgentGateway({ fake, stateDir, persistent: true })
  c = await operator(gw)
  const page1 = await c.call('chat.history', { sessionKey: 'agent:main:main', limit: 4 })
  expect(page1.messages.map((m: any) => m.content[0].text)).toEqual(['message 2', 'reply 2', 'message 3', 'reply 3'])
  expect(page1).toMatchObject({ hasMore: true, nextOffset: 4, totalCount: 6 })
  const page2 = await c.call('chat.history', { sessionKey: 'main', limit: 4, offset: page1.nextOffset })
  expect(page2.messages.map((m: any) => m.content[0].text)).toEqual(['message 1', 'reply 1'])
  expect(page2).toMatchObject({ hasMore: false, nextOffset: null })
  const bounded = await c.call('chat.history', { sessionKey: 'main', maxBytes: 1024, maxChars: 300 })
  expect(bounded.messages.length).toBeLessThan(6)
  expect(bounded.messages.at(-1).content[0].text).toBe('reply 3')
  const bad = await c.request('chat.history', { sessionKey: 'main', limit: 5000 })
  expect(bad.error.code).toBe('INVALID_REQUEST')
  c.close()
})

test('sessions.list, reset and delete', async () => {
  fake = startFakeModelServer('openai')
  gw = await startAgentGateway({ fake })
  const c = await operator(gw)
  await say(c, 'main', 'hi', 's1')
  await say(c, 'agent:main:telegram:direct:42', 'yo', 's2')
  const list = await c.call('sessions.list', { includeLastMessage: true })
  expect(list.count).toBe(2)
  expect(list.defaults).toMatchObject({ modelProvider: 'fake', model: 'fake-1' })
  const tg = list.sessions.find((s: any) => s.key === 'agent:main:telegram:direct:42')
  expect(tg).toMatchObject({ kind: 'direct', messageCount: 2, lastMessagePreview: 'pong', hasActiveRun: false, activeRunIds: [] })
  const reset = await c.call('sessions.reset', { key: 'agent:main:telegram:direct:42' })
  expect(reset.entry.sessionId).not.toBe(tg.sessionId)
  expect(reset.entry.messageCount).toBe(0)
  expect(await c.call('sessions.delete', { key: 'main' })).toEqual({ ok: true, key: 'agent:main:main', deleted: true })
  expect(await c.call('sessions.delete', { key: 'main' })).toEqual({ ok: true, key: 'agent:main:main', deleted: false })
  expect((await c.call('sessions.list', {})).totalCount).toBe(1)
  const health = await c.call('health', { probe: true })
  expect(health.sessions.count).toBe(1)
  c.close()
})

test('chat.inject is not advertised, needs admin, and shows up in history and as a chat final', async () => {
  gw = await startAgentGateway({})
  const c = await operator(gw)
  expect(c.hello!.features.methods).not.toContain('chat.inject')
  expect(c.hello!.features.methods).toContain('chat.send')
  const res = await c.call('chat.inject', { sessionKey: 'main', message: 'a note', label: 'ops' })
  const ev = await c.event('chat')
  expect(ev.payload).toMatchObject({ runId: `inject-${res.messageId}`, seq: 0, state: 'final', message: { content: [{ type: 'text', text: 'a note' }] } })
  const history = await c.call('chat.history', { sessionKey: 'main' })
  expect(history.messages[0]).toMatchObject({ role: 'assistant', label: 'ops', id: res.messageId })
  c.close()
})
