/**
 * Anthropic Messages API with streaming. Content blocks (text, tool_use) stream by index; tool
 * input arrives as partial JSON and is assembled at content_block_stop. A stream that ends before
 * `message_stop` was cut off.
 */
import { limitsOf, type ProviderSettings } from '../../config/agent-settings.ts'
import { postStream, providerError } from '../http.ts'
import { readSse } from '../sse.ts'
import type { ModelMessage, ModelProvider, ModelRequest, StreamEvent, ToolCall, Usage } from '../types.ts'
import { parseToolArgs } from '../tool-args.ts'

const DEFAULT_MAX_TOKENS = 4096

interface Block {
  type: string
  id?: string
  name?: string
  json: string
}

interface AnthropicEvent {
  type: string
  index?: number
  content_block?: { type: string; id?: string; name?: string }
  delta?: { type?: string; text?: string; partial_json?: string; stop_reason?: string }
  message?: { usage?: AnthropicUsage }
  usage?: AnthropicUsage
  error?: { type?: string; message?: string }
}

export function createAnthropicProvider(settings: ProviderSettings, model: string): ModelProvider {
  const url = settings.baseUrl.endsWith('/v1') ? `${settings.baseUrl}/messages` : `${settings.baseUrl}/v1/messages`
  const { maxTokens, contextWindow } = limitsOf(settings, model)
  return {
    label: `${settings.id}/${model}`,
    maxTokens,
    contextWindow,
    async *stream(req: ModelRequest): AsyncGenerator<StreamEvent[]> {
      const body = {
        model,
        stream: true,
        max_tokens: maxTokens ?? DEFAULT_MAX_TOKENS,
        system: req.system,
        messages: toWire(req.messages),
        ...(req.tools.length > 0 && { tools: req.tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.parameters })) }),
      }
      const headers: Record<string, string> = { 'anthropic-version': '2023-06-01', accept: 'text/event-stream', ...settings.headers }
      if (settings.apiKey) headers['x-api-key'] = settings.apiKey
      const chunks = postStream({ provider: settings.id, url, headers, body, signal: req.signal, timeoutMs: settings.timeoutMs })

      const blocks = new Map<number, Block>()
      const calls: ToolCall[] = []
      const usage: Usage = {}
      let stopReason = 'end_turn'
      let stopped = false
      for await (const events of readSse(chunks, settings.id)) {
        const batch: StreamEvent[] = []
        let failure: Error | undefined
        for (const sse of events) {
          let ev: AnthropicEvent
          try {
            ev = JSON.parse(sse.data) as AnthropicEvent
          } catch {
            continue
          }
          if (ev.type === 'error') {
            const kind = ev.error?.type === 'overloaded_error' || ev.error?.type === 'rate_limit_error' ? 'PROVIDER_RATE_LIMITED' : 'PROVIDER_FAILED'
            failure = providerError(kind, settings.id, `${settings.id}: ${ev.error?.message ?? 'stream error'}`)
            break
          }
          if (ev.type === 'message_start') addAnthropicUsage(usage, ev.message?.usage)
          else if (ev.type === 'content_block_start' && ev.content_block) {
            blocks.set(ev.index ?? 0, { type: ev.content_block.type, id: ev.content_block.id, name: ev.content_block.name, json: '' })
          } else if (ev.type === 'content_block_delta') {
            if (ev.delta?.type === 'text_delta' && ev.delta.text) batch.push({ type: 'text', delta: ev.delta.text })
            else if (ev.delta?.type === 'input_json_delta') {
              const block = blocks.get(ev.index ?? 0)
              if (block) block.json += ev.delta.partial_json ?? ''
            }
          } else if (ev.type === 'content_block_stop') {
            const block = blocks.get(ev.index ?? 0)
            if (block?.type === 'tool_use') calls.push({ id: block.id ?? `toolu_${ev.index}`, name: block.name ?? '', args: parseToolArgs(block.json) })
          } else if (ev.type === 'message_delta') {
            if (ev.delta?.stop_reason) stopReason = ev.delta.stop_reason
            addAnthropicUsage(usage, ev.usage)
          } else if (ev.type === 'message_stop') {
            stopped = true
            break
          }
        }
        // The text before a failure or the end in the same read still counts.
        if (batch.length > 0) yield batch
        if (failure) throw failure
        if (stopped) break
      }
      if (!stopped) throw providerError('PROVIDER_STREAM_CUT', settings.id, `${settings.id}: the stream ended before the reply was complete`)
      yield [...calls.map((call): StreamEvent => ({ type: 'tool_call', call })), { type: 'done', stopReason, usage }]
    },
  }
}

interface AnthropicUsage {
  input_tokens?: number
  output_tokens?: number
  cache_read_input_tokens?: number
  cache_creation_input_tokens?: number
}

/** message_start carries the prompt side, message_delta the final (cumulative) counts: the later value wins. */
function addAnthropicUsage(into: Usage, u: AnthropicUsage | undefined): void {
  if (!u) return
  if (u.input_tokens !== undefined) into.input = u.input_tokens
  if (u.output_tokens !== undefined) into.output = u.output_tokens
  if (u.cache_read_input_tokens) into.cacheRead = u.cache_read_input_tokens
  if (u.cache_creation_input_tokens) into.cacheWrite = u.cache_creation_input_tokens
}

type WireMessage = { role: 'user' | 'assistant'; content: Record<string, unknown>[] }

/** Anthropic wants strictly alternating roles; tool results travel inside a user message. */
function toWire(messages: ModelMessage[]): WireMessage[] {
  const out: WireMessage[] = []
  const push = (role: WireMessage['role'], blocks: Record<string, unknown>[]) => {
    const last = out.at(-1)
    if (last?.role === role) last.content.push(...blocks)
    else out.push({ role, content: blocks })
  }
  for (const m of messages) {
    if (m.role === 'user') push('user', userBlocks(m))
    else if (m.role === 'tool') push('user', [{ type: 'tool_result', tool_use_id: m.toolCallId, content: m.text, ...(m.isError && { is_error: true }) }])
    else {
      const blocks: Record<string, unknown>[] = m.text ? [{ type: 'text', text: m.text }] : []
      for (const c of m.toolCalls ?? []) blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: c.args })
      if (blocks.length > 0) push('assistant', blocks)
    }
  }
  return out
}

/** Images first, then the text about them (the order Anthropic recommends); no empty text block. */
function userBlocks(m: Extract<ModelMessage, { role: 'user' }>): Record<string, unknown>[] {
  const images = (m.images ?? []).map((i) => ({ type: 'image', source: { type: 'base64', media_type: i.mimeType, data: i.data } }))
  return images.length > 0 && !m.text ? images : [...images, { type: 'text', text: m.text }]
}
