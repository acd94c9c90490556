/**
 * How much of a session's transcript goes to the model with the next message. With a `contextWindow`
 * for the model, the newest messages that fit beside the system prompt, the new message and the reply
 * (`maxTokens`) are sent; without one, the last MODEL_CONTEXT_MESSAGES. Either way the store is read
 * from the end a page at a time: a long transcript is never read whole.
 */
import type { ModelProvider } from '../providers/index.ts'
import type { SessionStore } from '../store/session-store.ts'
import { MODEL_CONTEXT_MESSAGES, type TranscriptMessage } from './transcript.ts'

const PAGE = 20

/** Tokens a text costs, roughly: providers count about four characters of English per token. */
const estimateTokens = (text: string): number => Math.ceil(text.length / 4)

/** The tokens left for history, or undefined when the model's window is not configured. */
export function historyBudget(provider: Pick<ModelProvider, 'contextWindow' | 'maxTokens'>, system: string, message: string): number | undefined {
  const window = provider.contextWindow
  if (!window) return undefined
  const reply = provider.maxTokens ?? Math.min(4096, Math.floor(window / 4))
  return Math.max(0, window - reply - estimateTokens(system) - estimateTokens(message))
}

/**
 * The newest messages within `budget` tokens (and MODEL_CONTEXT_MESSAGES), oldest first; with
 * `userTurns` (a channel's `dmHistoryLimit`), only from the `userTurns`-th newest user message on.
 */
export function loadHistoryWindow(sessions: SessionStore, sessionId: string, budget: number | undefined, userTurns?: number): TranscriptMessage[] {
  const window = tokenWindow(sessions, sessionId, budget)
  return userTurns ? fromUserTurn(window, userTurns) : window
}

function fromUserTurn(messages: TranscriptMessage[], turns: number): TranscriptMessage[] {
  let seen = 0
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === 'user' && ++seen === turns) return messages.slice(i)
  return messages
}

function tokenWindow(sessions: SessionStore, sessionId: string, budget: number | undefined): TranscriptMessage[] {
  if (budget === undefined) return sessions.page(sessionId, MODEL_CONTEXT_MESSAGES, 0).map((m) => m.body as TranscriptMessage)
  const newestFirst: TranscriptMessage[] = []
  let used = 0
  for (let offset = 0; newestFirst.length < MODEL_CONTEXT_MESSAGES; offset += PAGE) {
    const page = sessions.page(sessionId, PAGE, offset).reverse()
    for (const m of page) {
      const body = m.body as TranscriptMessage
      used += estimateTokens(JSON.stringify(body.content))
      if (used > budget || newestFirst.length >= MODEL_CONTEXT_MESSAGES) return newestFirst.reverse()
      newestFirst.push(body)
    }
    if (page.length < PAGE) break
  }
  return newestFirst.reverse()
}
