/**
 * The session and chat methods the Control UI's chat view uses, over the wire: list params and
 * paging, describe, rename, subscriptions and their events, startup pages and delta catch-up.
 */
import { afterEach, expect, test } from 'bun:test'
import { chatEnded, operator, runEvents, startAgentGateway, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'
import type { TestClient } from '../helpers/client.ts'
import type { TestGateway } from '../helpers/gateway.ts'

let gw: TestGateway | undefined
let fake: FakeModelServer | undefined

afterEach(async () => {
  await gw?.stop()
  await fake?.stop()
  gw = fake = undefined
})

async function setup(): Promise<TestClient> {
  fake = startFakeModelServer('openai')
  gw = await startAgentGateway({ fake })
  return operator(gw)
}

async function say(c: TestClient, sessionKey: string, message: string, id: string): Promise<void> {
  const { runId } = await c.call('chat.send', { sessionKey, message, idempotencyKey: id, deliver: false, expectedLeafEntryId: null })
  await runEvents(c, runId, chatEnded)
}

// What the Control UI sends at start-up and for a session's children.
const UI_LIST = {
  includeGlobal: true, includeUnknown: true, configuredAgentsOnly: true, limit: 200, includeDerivedTitles: true,
  includeLastMessage: true, ownerFirst: true, agentId: 'main', sortBy: 'activity', activeMinutes: 60, excludeSubagents: true,
  includePeople: true, includeActivitySummary: true, archived: false,
}

test('sessions.list takes every Control UI param: newest first, paged, titled, filtered', async () => {
  const c = await setup()
  // Distinct milliseconds between the sessions' times, so no two tie (a tie is broken by key): the next
  // chat.send can be accepted in the millisecond the last run ended.
  await say(c, 'agent:main:a', 'first topic', 'a1')
  await Bun.sleep(5)
  await say(c, 'agent:main:b', 'second topic', 'b1')
  await Bun.sleep(5)
  await say(c, 'agent:main:c', 'third topic', 'c1')
  const all = await c.call('sessions.list', UI_LIST)
  expect(all.sessions.map((s: any) => s.key)).toEqual(['agent:main:c', 'agent:main:b', 'agent:main:a'])
  expect(all.sessions[0]).toMatchObject({ derivedTitle: 'third topic', lastMessagePreview: 'pong', messageCount: 2, isMain: false, hasActiveRun: false })
  const page = await c.call('sessions.list', { limit: 2 })
  expect(page).toMatchObject({ count: 2, totalCount: 3, hasMore: true, nextOffset: 2 })
  const rest = await c.call('sessions.list', { limit: 2, offset: page.nextOffset })
  expect(rest.sessions.map((s: any) => s.key)).toEqual(['agent:main:a'])
  expect((await c.call('sessions.list', { ...UI_LIST, limit: 10000, spawnedBy: 'agent:main:main' })).sessions).toEqual([])
  expect((await c.call('sessions.list', { agentId: 'other' })).totalCount).toBe(0)
  expect((await c.call('sessions.list', { search: 'main:b' })).sessions.map((s: any) => s.key)).toEqual(['agent:main:b'])
  const bad = await c.request('sessions.list', { sortBy: 'nonsense' })
  expect(bad.error.code).toBe('INVALID_REQUEST')
  c.close()
})

test('sessions.list sortBy: last update, activity (last run or input), or last input from a person', async () => {
  const c = await setup()
  const keys = async (sortBy?: string) => (await c.call('sessions.list', sortBy ? { sortBy } : {})).sessions.map((s: any) => s.key.slice('agent:main:'.length))
  // Distinct milliseconds between the steps, so no two timestamps tie (a tie is broken by key).
  const step = () => Bun.sleep(5)
  await say(c, 'agent:main:a', 'one', 'a1')
  await step()
  await say(c, 'agent:main:b', 'two', 'b1')
  await step()
  await say(c, 'agent:main:c', 'three', 'c1')
  await step()
  // A cron job's run in a: activity and an update, but no input from a person.
  const job = await c.call('cron.add', { name: 'bg', sessionTarget: 'session:a', schedule: { kind: 'at', at: new Date(Date.now() + 86_400_000).toISOString() }, payload: { kind: 'agentTurn', message: 'background' } })
  await c.call('cron.run', { id: job.id })
  await c.waitFor((f) => f.event === 'cron' && f.payload.jobId === job.id && f.payload.action === 'finished', 5000)
  await step()
  // An injected message in b: an update, but no run and no input.
  await c.call('chat.inject', { sessionKey: 'agent:main:b', message: 'note' })
  expect(await keys()).toEqual(['b', 'a', 'c'])
  expect(await keys('updatedAt')).toEqual(['b', 'a', 'c'])
  expect(await keys('activity')).toEqual(['a', 'c', 'b'])
  expect(await keys('lastInteractionAt')).toEqual(['c', 'b', 'a'])
  c.close()
})

test('sessions.list activeOnly selects the sessions with a run running or queued before paging, so every page is full', async () => {
  const c = await setup()
  const active = ['agent:main:busy-1', 'agent:main:busy-2', 'agent:main:busy-3']
  fake!.script(...active.map(() => ({ kind: 'hang' as const })))
  for (const key of active) {
    const { runId } = await c.call('chat.send', { sessionKey: key, message: 'hold', idempotencyKey: `${key}-1` })
    await c.waitFor((f) => f.event === 'agent' && f.payload.runId === runId && f.payload.data?.phase === 'start')
  }
  // Queued behind busy-1's run: the same session, counted once.
  await c.call('chat.send', { sessionKey: active[0], message: 'next', idempotencyKey: 'queued' })
  // Idle sessions updated after the busy ones: newest first, they fill the first pages of the plain list.
  // They are made once the clock has passed the busy ones' last update, so no timestamp ties with them.
  const busyUpdated = Math.max(...(await c.call('sessions.list', { activeOnly: true })).sessions.map((s: any) => s.updatedAt))
  expect(busyUpdated).toBeGreaterThan(0)
  while (Date.now() <= busyUpdated) await Bun.sleep(1)
  const sessions = gw!.runtime.services.sessions
  for (let i = 0; i < 12; i++) sessions.ensure(`agent:main:idle-${String(i).padStart(2, '0')}`, { agentId: 'main', kind: 'direct' })
  expect((await c.call('sessions.list', { limit: 2 })).sessions.every((s: any) => !s.hasActiveRun)).toBe(true)

  for (const sortBy of ['updatedAt', 'activity', 'lastInteractionAt']) {
    const seen: string[] = []
    let offset: number | null = 0
    while (offset !== null) {
      const page: any = await c.call('sessions.list', { activeOnly: true, limit: 2, offset, sortBy })
      expect(page).toMatchObject({ totalCount: 3, count: Math.min(2, 3 - offset) })
      expect(page.sessions.every((s: any) => s.hasActiveRun)).toBe(true)
      seen.push(...page.sessions.map((s: any) => s.key))
      offset = page.nextOffset
    }
    expect(seen.sort()).toEqual(active)
  }
  expect(await c.call('sessions.list', { activeOnly: true, search: 'busy-2' })).toMatchObject({ totalCount: 1, sessions: [{ key: 'agent:main:busy-2' }] })
  for (const key of active) await c.call('chat.abort', { sessionKey: key })
  for (const runId of [...active.map((key) => `${key}-1`), 'queued']) await runEvents(c, runId, chatEnded)
  expect(await c.call('sessions.list', { activeOnly: true })).toMatchObject({ totalCount: 0, sessions: [] })
  c.close()
})

test('describe, rename with sessions.patch, and sessions.changed only for subscribers', async () => {
  const c = await setup()
  const other = await operator(gw!)
  await say(c, 'agent:main:notes', 'hello', 'n1')
  expect(await c.call('sessions.describe', { key: 'agent:main:nope' })).toEqual({ session: null })
  expect((await c.call('sessions.describe', { key: 'agent:main:notes' })).session).toMatchObject({ key: 'agent:main:notes', messageCount: 2 })

  const sub = await c.call('sessions.subscribe', { limit: 10 })
  expect(sub.subscribed).toBe(true)
  expect(sub.list.sessions.map((s: any) => s.key)).toEqual(['agent:main:notes'])
  const patched = await c.call('sessions.patch', { key: 'agent:main:notes', label: 'Notes' })
  expect(patched.entry).toMatchObject({ label: 'Notes', displayName: 'Notes' })
  const changed = await c.event('sessions.changed')
  expect(changed.payload).toMatchObject({ sessionKey: 'agent:main:notes', reason: 'patch', session: { label: 'Notes' } })
  expect((await c.call('sessions.list', { label: 'Notes' })).count).toBe(1)
  await c.call('sessions.patch', { key: 'agent:main:notes', label: null })
  expect((await c.call('sessions.describe', { key: 'agent:main:notes' })).session.label).toBeUndefined()
  // The other connection never subscribed.
  expect(other.frames.some((f) => f.event === 'sessions.changed')).toBe(false)
  other.close()
  c.close()
})

test('session.message reaches the subscribers of that session, in order, until they unsubscribe', async () => {
  const c = await setup()
  expect(await c.call('sessions.messages.subscribe', { key: 'agent:main:main', includeApprovals: true })).toEqual({ subscribed: true, key: 'agent:main:main' })
  const { runId } = await c.call('chat.send', { sessionKey: 'main', message: 'hi', idempotencyKey: 'm1' })
  const user = await c.waitFor((f) => f.event === 'session.message' && f.payload.message.role === 'user')
  expect(user.payload).toMatchObject({ sessionKey: 'agent:main:main', messageSeq: 1, message: { idempotencyKey: `${runId}:user`, __openclaw: { seq: 1, runId } }, session: { lastMessagePreview: 'hi' } })
  const reply = await c.waitFor((f) => f.event === 'session.message' && f.payload.message.role === 'assistant')
  expect(reply.payload).toMatchObject({ messageSeq: 2, message: { content: [{ type: 'text', text: 'pong' }] }, session: { messageCount: 2, lastMessagePreview: 'pong' } })
  await runEvents(c, runId, chatEnded)
  // Messages are published before the run's final chat event, on the same socket: once that arrived,
  // any session.message for these runs would have too.
  await say(c, 'agent:main:elsewhere', 'not here', 'e1')
  expect(c.frames.filter((f) => f.event === 'session.message')).toEqual([])
  await c.call('sessions.messages.unsubscribe', { key: 'main' })
  await say(c, 'main', 'again', 'm2')
  expect(c.frames.filter((f) => f.event === 'session.message')).toEqual([])
  c.close()
})

test('chat.startup answers the tail with the session row; a deltaCursor catches up with only what is new', async () => {
  const c = await setup()
  expect(await c.call('chat.startup', { sessionKey: 'agent:main:main', limit: 80, maxBytes: 262144 })).toMatchObject({ sessionId: null, messages: [], totalMessages: 0 })
  await say(c, 'main', 'one', 'r1')
  await say(c, 'main', 'two', 'r2')
  const start = await c.call('chat.startup', { sessionKey: 'agent:main:main', limit: 3, maxBytes: 262144, inputRunIds: ['r2'] })
  expect(start.messages.map((m: any) => m.__openclaw.seq)).toEqual([2, 3, 4])
  expect(start).toMatchObject({ hasMore: true, totalMessages: 4, defaults: { modelProvider: 'fake', model: 'fake-1' }, sessionInfo: { key: 'agent:main:main', isMain: true } })
  expect(start.messages[1]).toMatchObject({ role: 'user', idempotencyKey: 'r2:user' })
  const none = await c.call('chat.history', { sessionKey: 'main', cursor: start.deltaCursor })
  expect(none).toMatchObject({ kind: 'delta', messages: [] })
  await say(c, 'main', 'three', 'r3')
  const delta = await c.call('chat.history', { sessionKey: 'main', cursor: none.deltaCursor })
  expect(delta.messages.map((m: any) => m.__openclaw.seq)).toEqual([5, 6])
  expect(await c.call('chat.history', { sessionKey: 'main', cursor: 'not-a-cursor' })).toEqual({ kind: 'reset', sessionKey: 'agent:main:main' })
  await c.call('sessions.reset', { key: 'main' })
  expect((await c.call('chat.startup', { sessionKey: 'main', cursor: delta.deltaCursor })).kind).toBe('reset')
  const branches = await c.call('sessions.branches.list', { sessionKey: 'agent:main:a' })
  expect(branches).toEqual({ branches: [] })
  c.close()
})

test('sessions.branches.list: one active branch ending at the newest message', async () => {
  const c = await setup()
  await say(c, 'main', 'start here', 'b1')
  const history = await c.call('chat.history', { sessionKey: 'main' })
  const { branches } = await c.call('sessions.branches.list', { sessionKey: 'agent:main:main' })
  expect(branches).toEqual([{ leafEntryId: history.messages.at(-1).id, headline: 'start here', messageCount: 2, updatedAt: expect.any(String), active: true }])
  expect(c.hello!.features.methods).not.toContain('sessions.branches.list')
  c.close()
})
