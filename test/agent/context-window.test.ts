import { afterEach, expect, test } from 'bun:test'
import { agentConfig, chatEnded, operator, runEvents, startFakeModelServer, type FakeModelServer } from '../helpers/agent.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'

let gw: TestGateway
let fake: FakeModelServer

afterEach(async () => {
  await gw?.stop()
  await fake?.stop()
})

test('the model entry sets max_tokens, and history is trimmed to its contextWindow (an edit applies from the next turn)', async () => {
  fake = startFakeModelServer('openai')
  gw = await startTestGateway()
  const c = await operator(gw)
  const config = agentConfig(fake) as any
  config.models.providers.fake.models = [{ id: 'fake-1', name: 'Fake One', maxTokens: 50, contextWindow: 1_000_000 }]
  const { hash } = await c.call('config.set', { raw: JSON.stringify(config) })
  expect((await c.call('models.list', {})).models).toContainEqual(expect.objectContaining({ id: 'fake-1', name: 'Fake One', provider: 'fake' }))

  const say = async (i: number) => {
    await c.call('chat.send', { sessionKey: 'main', message: `message ${i} ${'x'.repeat(2000)}`, idempotencyKey: `m${i}` })
    await runEvents(c, `m${i}`, chatEnded)
    return fake.requests.at(-1)!.body
  }
  for (let i = 1; i <= 5; i++) await say(i)
  const roomy = fake.requests.at(-1)!.body
  expect(roomy.max_tokens).toBe(50)
  // A wide window sends the whole conversation: system, 4 earlier exchanges, the new message.
  expect(roomy.messages.length).toBe(1 + 4 * 2 + 1)

  // Room for about two earlier messages of 2000 characters beside the system prompt, reply and new message.
  const systemTokens = Math.ceil(roomy.messages[0].content.length / 4)
  config.models.providers.fake.models = [{ id: 'fake-1', maxTokens: 50, contextWindow: 50 + systemTokens + 520 + 1200 }]
  await c.call('config.set', { raw: JSON.stringify(config), baseHash: hash })
  const trimmed = await say(6)
  const texts = trimmed.messages.slice(1).map((m: { content: string }) => String(m.content).slice(0, 10))
  // The newest history survives, oldest first, then the new message; the old turns are gone.
  expect(texts.at(-1)).toBe('message 6 ')
  expect(texts.filter((t: string) => t.startsWith('message')).length).toBeLessThan(4)
  expect(texts).toContain('message 5 ')
  expect(texts).not.toContain('message 1 ')
})
