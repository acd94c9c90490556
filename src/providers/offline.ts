/**
 * The built-in responder for a gateway without a model: it says so plainly and explains how to
 * configure one, streamed in small pieces like a model reply, so every client path (WebChat,
 * openclaw-node, `agent`) works on a fresh machine.
 */
import type { ModelProvider, ModelRequest, StreamEvent } from './types.ts'

export function createOfflineResponder(opts: { configPath: string; problem?: string }): ModelProvider {
  const text = [
    'No model is configured on this gateway, so this is its built-in offline responder answering.',
    ...(opts.problem ? [`(Configuration problem: ${opts.problem}.)`] : []),
    'To talk to a real model, set OPENAI_API_KEY (plus OPENAI_BASE_URL for Ollama, vLLM, llama.cpp or LM Studio) or ANTHROPIC_API_KEY',
    `in the gateway's environment, or add a provider under models.providers in ${opts.configPath}`,
    'and set agents.defaults.model.primary to "<provider>/<model>", then restart the gateway.',
  ].join(' ')
  return {
    label: 'offline',
    async *stream(req: ModelRequest): AsyncGenerator<StreamEvent[]> {
      for (const piece of text.match(/\S+\s*/g) ?? []) {
        if (req.signal.aborted) throw req.signal.reason
        yield [{ type: 'text', delta: piece }]
      }
      yield [{ type: 'done', stopReason: 'stop' }]
    },
  }
}
