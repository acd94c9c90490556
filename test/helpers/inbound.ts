/** A plain-text DM from Telegram chat 42, as an adapter hands it to the router. */
import type { InboundMessage } from '../../src/channels/types.ts'

export function inboundText(text: string): InboundMessage {
  return {
    provider: 'telegram', accountId: 'default', messageId: `m-${text}`, chat: { id: '42', kind: 'direct' },
    sender: { id: '42', isBot: false, isSelf: false }, text, mentioned: false, attachments: [], ts: Date.now(),
  }
}

/** The model's message for a group mention that follows unanswered messages (`history`: "Sender: text" lines). */
export function groupContext(history: string[], current: string): string {
  return ['[Chat messages since your last reply - for context]', ...history, '', '[Current message - respond to this]', current].join('\n')
}
