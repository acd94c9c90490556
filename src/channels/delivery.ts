/** Names for one inbound delivery, stable across redeliveries and restarts. */
import type { InboundMessage } from './types.ts'

/** What makes a delivery unique on its provider: message ids are unique per chat (Telegram, Slack), and an edit is a delivery of its own. */
export const deliveryKey = (msg: InboundMessage) => `${msg.chat.id}/${msg.messageId}${msg.editedAt ? `@${msg.editedAt}` : ''}`

/** The run answering a message: the same when it is answered again after a restart, so its unfinished first attempt can be found and dropped. */
export const deliveryRunId = (msg: InboundMessage) => `${msg.provider}:${msg.accountId}:${deliveryKey(msg)}`
