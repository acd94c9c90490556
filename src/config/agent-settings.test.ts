import { expect, test } from 'bun:test'
import { limitsOf, resolveAgentSettings } from './agent-settings.ts'

const local = { baseUrl: 'http://127.0.0.1:9/v1', maxTokens: 300, models: [{ id: 'small', name: 'Small', maxTokens: 64, contextWindow: 8192 }, { id: 'big' }] }

test('models.mode: "merge" adds the providers the environment implies, "replace" uses only models.providers', () => {
  const env = { OPENAI_API_KEY: 'sk-env', ANTHROPIC_API_KEY: 'sk-ant' }
  expect(Object.keys(resolveAgentSettings({ models: { providers: { local } } }, env).providers).sort()).toEqual(['anthropic', 'local', 'openai'])
  expect(Object.keys(resolveAgentSettings({ models: { mode: 'replace', providers: { local } } }, env).providers)).toEqual(['local'])
})

test("a model entry's maxTokens and contextWindow win over the provider's", () => {
  const { providers } = resolveAgentSettings({ models: { providers: { local } } }, {})
  expect(limitsOf(providers.local!, 'small')).toEqual({ maxTokens: 64, contextWindow: 8192 })
  expect(limitsOf(providers.local!, 'big')).toEqual({ maxTokens: 300, contextWindow: undefined })
  expect(providers.local!.modelEntries.small!.name).toBe('Small')
})
