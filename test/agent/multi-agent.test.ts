import { afterEach, expect, test } from 'bun:test'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TestClient } from '../helpers/client.ts'
import { tempStateDir, type TestGateway } from '../helpers/gateway.ts'
import { chatEnded, lifecycleEnded, operator, runEvents, startAgentGateway, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'

let gw: TestGateway | undefined
let fake: FakeModelServer | undefined
let c: TestClient | undefined
const dirs: string[] = []
afterEach(async () => {
  c?.close()
  await gw?.stop()
  await fake?.stop()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const systemOf = (body: any) => body.messages.find((m: any) => m.role === 'system')?.content as string

test('a provider failure falls back to the next model; the reason is on the run', async () => {
  fake = startFakeModelServer('openai')
  gw = await startAgentGateway({ fake, config: { agents: { defaults: { model: { primary: 'fake/fake-1', fallbacks: ['fake/fake-2'] } } } } })
  c = await operator(gw)
  fake.script({ kind: 'status', status: 401 }, { kind: 'text', chunks: ['from the fallback'] })
  const res = await c.request('agent', { message: 'hi', idempotencyKey: 'fb-1' }, 'fb')
  expect(res.payload.status).toBe('accepted')
  const final = await c.waitFor((f) => f.type === 'res' && f.id === 'fb')
  expect(final.payload.result.payloads).toEqual([{ text: 'from the fallback' }])
  expect(final.payload.result.meta).toMatchObject({ model: 'fake/fake-2', fallbacks: [{ model: 'fake/fake-1', code: 'PROVIDER_AUTH' }] })
  expect(fake.requests.map((r) => r.body.model)).toEqual(['fake-1', 'fake-2'])
  const end = (await runEvents(c, 'fb-1', lifecycleEnded)).at(-1)!
  expect(end.payload.data).toMatchObject({ model: 'fake/fake-2', fallbacks: [{ model: 'fake/fake-1' }] })
})

test('each agent runs with its own model, name, workspace files and tools', async () => {
  fake = startFakeModelServer('openai')
  const stateDir = tempStateDir()
  dirs.push(stateDir)
  const workspace = join(stateDir, 'pirate-ws')
  mkdirSync(workspace)
  writeFileSync(join(workspace, 'SOUL.md'), 'Speak like a pirate.')
  writeFileSync(join(workspace, 'MEMORY.md'), 'The treasure is buried under the palm.')
  gw = await startAgentGateway({
    fake, stateDir,
    config: {
      agents: {
        entries: {
          main: {},
          pirate: { identity: { name: 'Blackbeard' }, model: 'fake/fake-2', workspace, tools: { allow: ['canvas'] } },
        },
      },
    },
  })
  c = await operator(gw)
  fake.script({ kind: 'text', chunks: ['arr'] }, { kind: 'text', chunks: ['hello'] }, { kind: 'text', chunks: ['arr again'] })
  await c.request('agent', { message: 'ahoy', agentId: 'pirate', idempotencyKey: 'p1' }, 'p1')
  expect((await c.waitFor((f) => f.type === 'res' && f.id === 'p1' && f.payload.status !== 'accepted')).payload.status).toBe('ok')
  await c.request('agent', { message: 'hi', idempotencyKey: 'm1' }, 'm1')
  expect((await c.waitFor((f) => f.type === 'res' && f.id === 'm1' && f.payload.status !== 'accepted')).payload.status).toBe('ok')
  await c.request('agent', { message: 'in a group', sessionKey: 'agent:pirate:telegram:group:-1', idempotencyKey: 'p2' }, 'p2')
  expect((await c.waitFor((f) => f.type === 'res' && f.id === 'p2' && f.payload.status !== 'accepted')).payload.status).toBe('ok')

  const [pirate, main, group] = fake.requests.map((r) => r.body)
  expect(pirate.model).toBe('fake-2')
  expect(systemOf(pirate)).toContain('You are Blackbeard')
  expect(systemOf(pirate)).toContain('Speak like a pirate.')
  // MEMORY.md is private to the agent's main session.
  expect(systemOf(pirate)).toContain('buried under the palm')
  expect(systemOf(group)).not.toContain('buried under the palm')
  expect(pirate.tools.map((t: any) => t.function.name)).toEqual(['canvas'])
  expect(main.model).toBe('fake-1')
  expect(systemOf(main)).not.toContain('pirate')
  expect(main.tools.map((t: any) => t.function.name)).toEqual(['send_message', 'canvas', 'node_invoke'])
})

test('WebChat: chat.send answers a command as a chat final event without a model turn; an agent id picks the agent', async () => {
  fake = startFakeModelServer('openai')
  gw = await startAgentGateway({ fake, config: { agents: { entries: { main: {}, work: { identity: { name: 'Workbot', emoji: '🛠️' } } } } } })
  c = await operator(gw)
  expect(await c.call('chat.send', { sessionKey: 'main', agentId: 'work', message: '/status', idempotencyKey: 'st-1' })).toEqual({ runId: 'st-1', status: 'started' })
  const final = await c.waitFor((f) => f.event === 'chat' && f.payload.runId === 'st-1')
  expect(final.payload).toMatchObject({ state: 'final', sessionKey: 'agent:work:main', agentId: 'work' })
  expect(final.payload.message.content[0].text).toContain('Agent: 🛠️ Workbot (work)')
  await c.call('chat.send', { sessionKey: 'main', agentId: 'work', message: 'hello', idempotencyKey: 'st-2' })
  await runEvents(c, 'st-2', (f) => f.event === 'chat' && f.payload.state === 'final')
  expect(systemOf(fake.requests[0]!.body)).toContain('You are Workbot')
  expect(fake.requests).toHaveLength(1)
  const unknown = await c.request('chat.send', { sessionKey: 'main', agentId: 'nobody', message: 'hi', idempotencyKey: 'st-3' })
  expect(unknown.error).toMatchObject({ code: 'INVALID_REQUEST', details: { code: 'UNKNOWN_AGENT' } })
})

test("a bare session key is the configured default agent's, not an assumed 'main' agent's", async () => {
  fake = startFakeModelServer('openai')
  gw = await startAgentGateway({ fake, config: { agents: { list: [{ id: 'home' }, { id: 'ops', default: true }] } } })
  c = await operator(gw)
  const sent = await c.call('chat.send', { sessionKey: 'main', message: 'hello', idempotencyKey: 'bare-1' })
  const final = await runEvents(c, sent.runId, chatEnded)
  expect(final.at(-1)!.payload).toMatchObject({ state: 'final', sessionKey: 'agent:ops:main', agentId: 'ops' })
  expect((await c.call('chat.history', { sessionKey: 'main' })).sessionKey).toBe('agent:ops:main')
  await c.call('chat.send', { sessionKey: 'main', agentId: 'home', message: 'hi home', idempotencyKey: 'bare-2' })
  await runEvents(c, 'bare-2', chatEnded)
  // Each agent's main session is a main session (the Control UI titles it itself).
  const rows = (await c.call('sessions.list', {})).sessions.map((s: any) => [s.key, s.isMain])
  expect(rows.sort()).toEqual([['agent:home:main', true], ['agent:ops:main', true]])
})
