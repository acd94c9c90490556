/**
 * A model with fallbacks (`agents.defaults.model.fallbacks`, or an agent's own): a request goes to the
 * first model; when that provider fails before it has streamed anything, the next one gets the same
 * request. The reason for each switch is logged and kept on the run. A failure after output has
 * started, or an abort, is not retried: the user has already seen part of that answer.
 */
import { modelRef, type ModelChoice } from '../config/agent-settings.ts'
import { logger } from '../log.ts'
import { GatewayError } from '../protocol/index.ts'
import { createModelProvider, type ModelProvider, type ModelRequest, type StreamEvent } from '../providers/index.ts'

export interface FallbackRecord {
  /** The model that failed. */
  model: string
  reason: string
  code?: string
}

export interface ModelChain extends ModelProvider {
  /** Each model that failed and was replaced during this run, in order. */
  readonly fallbacks: FallbackRecord[]
}

export function createModelChain(choices: ModelChoice[], build: (c: ModelChoice) => ModelProvider = (c) => createModelProvider(c, { configPath: '' })): ModelChain {
  const providers = choices.map(build)
  let current = 0
  const fallbacks: FallbackRecord[] = []
  return {
    get label() {
      return providers[current]!.label
    },
    get maxTokens() {
      return providers[current]!.maxTokens
    },
    get contextWindow() {
      return providers[current]!.contextWindow
    },
    fallbacks,
    async *stream(req: ModelRequest): AsyncGenerator<StreamEvent[]> {
      for (;;) {
        let started = false
        try {
          for await (const batch of providers[current]!.stream(req)) {
            started = true
            yield batch
          }
          return
        } catch (err) {
          if (started || req.signal.aborted || current === providers.length - 1) throw err
          const code = err instanceof GatewayError ? (err.details as { code?: string } | undefined)?.code : undefined
          const record = { model: modelRef(choices[current]!), reason: (err as Error).message, ...(code && { code }) }
          fallbacks.push(record)
          current++
          logger('agent').warn(`model ${record.model} failed (${record.reason}); falling back to ${modelRef(choices[current]!)}`)
        }
      }
    },
  }
}
