/**
 * Transcript messages are stored in the shape `chat.history` returns (role + content blocks), and
 * turned into provider-neutral ModelMessages for the next model call.
 */
import type { Static } from '@sinclair/typebox'
import type { TranscriptMessage as TranscriptSchema } from '../protocol/methods/chat.ts'
import type { ModelMessage, ToolCall } from '../providers/index.ts'
import { attachmentBlock, historyUserText, type RunAttachment } from './attachments.ts'

export type TranscriptMessage = Static<typeof TranscriptSchema>

/** Messages of history sent to the model with each turn: enough context, bounded cost. */
export const MODEL_CONTEXT_MESSAGES = 60

export const textOf = (m: TranscriptMessage): string =>
  m.content.filter((b) => b.type === 'text').map((b) => String(b.text ?? '')).join('')

export function userMessage(text: string, attachments: RunAttachment[] = [], ts = Date.now()): TranscriptMessage {
  return { role: 'user', content: [{ type: 'text', text }, ...attachments.map(attachmentBlock)], timestamp: ts }
}

export function assistantMessage(text: string, opts: { toolCalls?: ToolCall[]; stopReason?: string; runId?: string; label?: string } = {}): TranscriptMessage {
  const content: TranscriptMessage['content'] = text ? [{ type: 'text', text }] : []
  for (const c of opts.toolCalls ?? []) content.push({ type: 'toolCall', id: c.id, name: c.name, arguments: c.args })
  return {
    role: 'assistant',
    content,
    timestamp: Date.now(),
    ...(opts.stopReason && { stopReason: opts.stopReason }),
    ...(opts.runId && { runId: opts.runId }),
    ...(opts.label && { label: opts.label }),
  }
}

export function toolResultMessage(call: ToolCall, text: string, isError: boolean): TranscriptMessage {
  return { role: 'toolResult', toolCallId: call.id, toolName: call.name, content: [{ type: 'text', text }], isError, timestamp: Date.now() }
}

/**
 * Each stored message's model form, computed once per message object: the transcript tail
 * (store/transcript-tail.ts) hands a turn the same parsed messages as the turn before, so only the new
 * ones are converted. Null: a role the model does not see.
 */
const modelForms = new WeakMap<TranscriptMessage, ModelMessage | null>()

function toModelMessage(m: TranscriptMessage): ModelMessage | null {
  if (m.role === 'user') return { role: 'user', text: historyUserText(m, textOf(m)) }
  if (m.role === 'assistant') {
    const toolCalls = m.content
      .filter((b) => b.type === 'toolCall')
      .map((b) => ({ id: String(b.id), name: String(b.name), args: (b.arguments ?? {}) as Record<string, unknown> }))
    return { role: 'assistant', text: textOf(m), ...(toolCalls.length > 0 && { toolCalls }) }
  }
  if (m.role === 'toolResult') return { role: 'tool', toolCallId: m.toolCallId ?? '', toolName: m.toolName ?? '', text: textOf(m), isError: m.isError }
  return null
}

/** The tail of a transcript as model input, never starting in the middle of a tool exchange. */
export function toModelMessages(history: TranscriptMessage[]): ModelMessage[] {
  const out: ModelMessage[] = []
  for (const m of history.slice(-MODEL_CONTEXT_MESSAGES)) {
    let form = modelForms.get(m)
    if (form === undefined) modelForms.set(m, (form = toModelMessage(m)))
    if (form) out.push(form)
  }
  while (out.length > 0 && out[0]!.role !== 'user') out.shift()
  return dropUnansweredToolCalls(out)
}

/** A run cut off between a tool call and its result would make the next request invalid. */
function dropUnansweredToolCalls(messages: ModelMessage[]): ModelMessage[] {
  if (!messages.some((m) => m.role === 'assistant' && m.toolCalls)) return messages
  const answered = new Set(messages.flatMap((m) => (m.role === 'tool' ? [m.toolCallId] : [])))
  return messages.map((m) => {
    if (m.role !== 'assistant' || !m.toolCalls) return m
    const toolCalls = m.toolCalls.filter((c) => answered.has(c.id))
    return { role: 'assistant', text: m.text, ...(toolCalls.length > 0 && { toolCalls }) }
  })
}
