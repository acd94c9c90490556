/** A plain-text DM from Telegram chat 42, as an adapter hands it to the router. */
import type { InboundMessage } from '../../src/channels/types.ts'

export function inboundText(text: string): InboundMessage {
  return {
    provider: 'telegram', accountId: 'default', messageId: `m-${text}`, chat: { id: '42', kind: 'direct' },
    sender: { id: '42', isBot: false, isSelf: false }, text, mentioned: false, attachments: [], ts: Date.now(),
  }
}
