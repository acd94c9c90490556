/**
 * OpenAI-compatible Chat Completions with streaming: OpenAI itself, Ollama, llama.cpp server, vLLM,
 * LM Studio and most proxies speak it. Tool calls arrive as fragments keyed by `index` and are
 * assembled before they are handed on.
 */
import { limitsOf, type ProviderSettings } from '../../config/agent-settings.ts'
import { postStream, providerError } from '../http.ts'
import { readSse } from '../sse.ts'
import type { ModelMessage, ModelProvider, ModelRequest, StreamEvent, ToolCall, Usage } from '../types.ts'
import { parseToolArgs } from '../tool-args.ts'

interface Fragment {
  id?: string
  name: string
  args: string
}

interface Chunk {
  choices?: { delta?: { content?: string | null; tool_calls?: { index?: number; id?: string; function?: { name?: string; arguments?: string } }[] }; finish_reason?: string | null }[]
  usage?: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } | null } | null
  error?: { message?: string } | string
}

export function createOpenAiProvider(settings: ProviderSettings, model: string): ModelProvider {
  const label = `${settings.id}/${model}`
  const { maxTokens, contextWindow } = limitsOf(settings, model)
  return {
    label,
    maxTokens,
    contextWindow,
    async *stream(req: ModelRequest): AsyncGenerator<StreamEvent[]> {
      const body = {
        model,
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'system', content: req.system }, ...req.messages.map(toWire)],
        ...(req.tools.length > 0 && {
          tools: req.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } })),
        }),
        ...(maxTokens && { max_tokens: maxTokens }),
      }
      const headers: Record<string, string> = { accept: 'text/event-stream', ...settings.headers }
      if (settings.apiKey) headers.authorization = `Bearer ${settings.apiKey}`
      const chunks = postStream({ provider: settings.id, url: `${settings.baseUrl}/chat/completions`, headers, body, signal: req.signal, timeoutMs: settings.timeoutMs })

      const fragments = new Map<number, Fragment>()
      let stopReason: string | undefined
      let usage: Usage | undefined
      let finished = false
      for await (const events of readSse(chunks, settings.id)) {
        const batch: StreamEvent[] = []
        let failure: Error | undefined
        for (const sse of events) {
          if (sse.data === '[DONE]') {
            finished = true
            break
          }
          let chunk: Chunk
          try {
            chunk = JSON.parse(sse.data) as Chunk
          } catch {
            continue // a keep-alive or a line some proxy added
          }
          if (chunk.error) {
            const message = typeof chunk.error === 'string' ? chunk.error : (chunk.error.message ?? 'unknown error')
            failure = providerError('PROVIDER_FAILED', settings.id, `${settings.id}: ${message}`)
            break
          }
          if (chunk.usage) usage = openAiUsage(chunk.usage)
          const choice = chunk.choices?.[0]
          if (!choice) continue
          const content = choice.delta?.content
          if (content) batch.push({ type: 'text', delta: content })
          for (const tc of choice.delta?.tool_calls ?? []) {
            const index = tc.index ?? 0
            const f = fragments.get(index) ?? { name: '', args: '' }
            if (tc.id) f.id = tc.id
            if (tc.function?.name) f.name += tc.function.name
            if (tc.function?.arguments) f.args += tc.function.arguments
            fragments.set(index, f)
          }
          if (choice.finish_reason) stopReason = choice.finish_reason
        }
        // The text before a failure or the end in the same read still counts.
        if (batch.length > 0) yield batch
        if (failure) throw failure
        if (finished) break
      }
      // Some servers end with a finish_reason and close without [DONE]; that is a complete reply.
      if (!finished && !stopReason) {
        throw providerError('PROVIDER_STREAM_CUT', settings.id, `${settings.id}: the stream ended before the reply was complete`)
      }
      const calls = [...fragments].sort((a, b) => a[0] - b[0]).map(([index, f]): StreamEvent => {
        const call: ToolCall = { id: f.id ?? `call_${index}`, name: f.name, args: parseToolArgs(f.args) }
        return { type: 'tool_call', call }
      })
      yield [...calls, { type: 'done', stopReason: fragments.size > 0 ? 'tool_calls' : (stopReason ?? 'stop'), usage }]
    },
  }
}

/** `prompt_tokens` counts cached ones too; ours are split like Anthropic's. */
function openAiUsage(u: NonNullable<Chunk['usage']>): Usage {
  const cached = u.prompt_tokens_details?.cached_tokens ?? 0
  return {
    ...(u.prompt_tokens !== undefined && { input: u.prompt_tokens - cached }),
    ...(u.completion_tokens !== undefined && { output: u.completion_tokens }),
    ...(cached > 0 && { cacheRead: cached }),
  }
}

function toWire(m: ModelMessage): Record<string, unknown> {
  if (m.role === 'user') {
    if (!m.images?.length) return { role: 'user', content: m.text }
    const images = m.images.map((i) => ({ type: 'image_url', image_url: { url: `data:${i.mimeType};base64,${i.data}` } }))
    return { role: 'user', content: [...(m.text ? [{ type: 'text', text: m.text }] : []), ...images] }
  }
  if (m.role === 'tool') return { role: 'tool', tool_call_id: m.toolCallId, content: m.text }
  if (!m.toolCalls?.length) return { role: 'assistant', content: m.text }
  return {
    role: 'assistant',
    content: m.text || null,
    tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } })),
  }
}
