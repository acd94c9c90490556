/** Picks the client for a model choice; no choice means the offline responder. */
import type { ModelChoice } from '../config/agent-settings.ts'
import { createAnthropicProvider } from './anthropic/index.ts'
import { createOfflineResponder } from './offline.ts'
import { createOpenAiProvider } from './openai/index.ts'
import type { ModelProvider } from './types.ts'

export function createModelProvider(choice: ModelChoice | undefined, fallback: { configPath: string; problem?: string }): ModelProvider {
  if (!choice) return createOfflineResponder(fallback)
  if (choice.provider.api === 'anthropic-messages') return createAnthropicProvider(choice.provider, choice.model)
  return createOpenAiProvider(choice.provider, choice.model)
}

export type * from './types.ts'
