import { afterEach, expect, test } from 'bun:test'
import { resolveAgentSettings } from '../../src/config/agent-settings.ts'
import type { TestClient } from '../helpers/client.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { operator } from '../helpers/agent.ts'

let gw: TestGateway | undefined
let c: TestClient | undefined
afterEach(async () => {
  c?.close()
  await gw?.stop()
  gw = c = undefined
})

const config = {
  models: {
    providers: {
      local: { baseUrl: 'http://127.0.0.1:11434/v1', api: 'openai-completions', models: [{ id: 'llama3.1' }, { id: 'qwen3' }] },
      anthropic: { api: 'anthropic-messages', models: [{ id: 'claude-sonnet-4-5' }] },
    },
  },
  agents: { defaults: { model: { primary: 'local/qwen3' } } },
}

test('models.list is the configured catalog, the agent model first; models.authStatus says which provider lacks a key', async () => {
  gw = await startTestGateway({ settings: { agent: resolveAgentSettings(config, { ANTHROPIC_API_KEY: '' }) } })
  // The Control UI's caps: with model-selection-policy every row says it may be picked.
  c = await operator(gw, ['model-selection-policy'])
  const list = await c.call('models.list', { view: 'configured', agentId: 'main', preparedOnly: true })
  expect(list.models).toEqual([
    { id: 'qwen3', name: 'qwen3', provider: 'local', available: true, manualSelectionAllowed: true },
    { id: 'llama3.1', name: 'llama3.1', provider: 'local', available: true, manualSelectionAllowed: true },
    { id: 'claude-sonnet-4-5', name: 'claude-sonnet-4-5', provider: 'anthropic', available: false, manualSelectionAllowed: true },
  ])
  expect((await c.call('models.list', { provider: 'anthropic' })).models.map((m: any) => m.id)).toEqual(['claude-sonnet-4-5'])

  const auth = await c.call('models.authStatus', { agentId: 'main' })
  expect(auth.providers).toEqual([
    { provider: 'local', status: 'ok', profiles: [] },
    { provider: 'anthropic', status: 'missing', profiles: [] },
  ])
})

test('a provider key shows as a static api_key profile, never its value', async () => {
  const agent = resolveAgentSettings({ ...config, models: { providers: { anthropic: { api: 'anthropic-messages', apiKey: 'sk-ant-secret-value', models: [{ id: 'claude-sonnet-4-5' }] } } } }, {})
  gw = await startTestGateway({ settings: { agent } })
  c = await operator(gw)
  const auth = await c.call('models.authStatus', {})
  expect(auth.providers).toEqual([{ provider: 'anthropic', status: 'static', profiles: [{ id: 'anthropic:api-key', type: 'api_key' }] }])
  expect(JSON.stringify(auth)).not.toContain('sk-ant-secret-value')
  const list = await c.call('models.list', {})
  expect(list.models[0]).toEqual({ id: 'claude-sonnet-4-5', name: 'claude-sonnet-4-5', provider: 'anthropic', available: true })
})

test("models.list and /model show one list: the agent's own models, then the providers', then the other agents'", async () => {
  const agents = { defaults: config.agents.defaults, entries: { main: {}, ops: { model: 'local/mistral' } } }
  gw = await startTestGateway({ settings: { agent: resolveAgentSettings({ ...config, agents }, { ANTHROPIC_API_KEY: '' }) } })
  c = await operator(gw)
  const refs = (await c.call('models.list', {})).models.map((m: any) => `${m.provider}/${m.id}`)
  expect(refs).toEqual(['local/qwen3', 'local/llama3.1', 'anthropic/claude-sonnet-4-5', 'local/mistral'])
  const { runId } = await c.call('chat.send', { sessionKey: 'main', message: '/model list', idempotencyKey: 'm1' })
  const reply = await c.waitFor((f) => f.event === 'chat' && f.payload.runId === runId && f.payload.state === 'final')
  const listed = refs.map((r: string, i: number) => `${i === 0 ? '* ' : '  '}${r}`)
  expect(reply.payload.message.content[0].text).toBe(['Model: local/qwen3', 'Configured:', ...listed, 'Pick one with /model <provider/model>.'].join('\n'))
  expect((await c.call('models.list', { agentId: 'ops' })).models[0]).toMatchObject({ provider: 'local', id: 'mistral' })
})

test("the published-catalog contract the original CLI's `models list` requires: advertised, details, exclusive flags", async () => {
  const providers = {
    local: { baseUrl: 'http://127.0.0.1:11434/v1', api: 'openai-completions', models: [{ id: 'qwen3', contextWindow: 32768 }] },
    anthropic: { api: 'anthropic-messages', models: [{ id: 'claude-sonnet-4-5' }] },
  }
  gw = await startTestGateway({ settings: { agent: resolveAgentSettings({ ...config, models: { providers } }, { ANTHROPIC_API_KEY: '' }) } })
  c = await operator(gw)
  // `openclaw models list` refuses a gateway whose hello does not name this capability.
  expect(c.hello!.features.capabilities).toContain('published-model-catalog')
  // What it sends: view default, includeDetails; its table reads contextWindow and local.
  const list = await c.call('models.list', { view: 'default', includeDetails: true })
  expect(list.models).toEqual([
    { id: 'qwen3', name: 'qwen3', provider: 'local', available: true, local: true, contextWindow: 32768 },
    { id: 'claude-sonnet-4-5', name: 'claude-sonnet-4-5', provider: 'anthropic', available: false, local: false },
  ])
  const both = await c.request('models.list', { preparedOnly: true, refresh: true })
  expect(both.error).toMatchObject({ code: 'INVALID_REQUEST', message: 'preparedOnly and refresh are mutually exclusive' })
  const unknown = await c.request('models.list', { provider: 'moonshot' })
  expect(unknown.error).toMatchObject({ code: 'INVALID_REQUEST', message: 'unknown provider: moonshot' })
})
