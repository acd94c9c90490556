/**
 * Session keys for channel conversations, in the original's shapes (docs/channels/channel-routing):
 * a DM is per sender and account (`per-account-channel-peer`), a group per group, a thread or topic
 * appended.
 */
import type { InboundMessage } from './types.ts'

export function sessionKeyFor(msg: InboundMessage, agentId = 'main'): string {
  if (msg.chat.kind === 'direct') return `agent:${agentId}:${msg.provider}:${msg.accountId}:direct:${msg.sender.id}`
  const base = `agent:${agentId}:${msg.provider}:group:${msg.chat.id}`
  if (!msg.threadId) return base
  return msg.provider === 'telegram' ? `${base}:topic:${msg.threadId}` : `${base}:thread:${msg.threadId}`
}
