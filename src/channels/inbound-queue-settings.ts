/**
 * `messages.queue` and `messages.inbound` for one provider, with the original's defaults
 * (docs/concepts/queue.md, docs/concepts/messages.md#inbound-debouncing). Resolved at each message and
 * each drain from the config in force, so an edit applies to the next one without reconnecting anything.
 */
import type { MessagesConfig, QueueMode } from '../config/schema.ts'
import type { Provider } from './types.ts'

export interface QueueSettings {
  mode: QueueMode
  /** The quiet window before queued followups or a collect batch are drained. */
  debounceMs: number
  /** Most entries waiting for a session before `drop` applies. */
  cap: number
  drop: 'old' | 'new' | 'summarize'
}

/** The queue's built-in debounce for followup and collect batching. */
const QUEUE_DEBOUNCE_MS = 500
const QUEUE_CAP = 20

/** Per-channel mode, else the global one, else `steer`; `cap` and `drop` are global, as in the original. */
export function queueSettings(messages: MessagesConfig, provider: Provider): QueueSettings {
  const queue = messages.queue ?? {}
  return {
    mode: queue.byChannel?.[provider] ?? queue.mode ?? 'steer',
    debounceMs: queue.debounceMsByChannel?.[provider] ?? QUEUE_DEBOUNCE_MS,
    cap: queue.cap ?? QUEUE_CAP,
    drop: queue.drop ?? 'summarize',
  }
}

/** Telegram's ordinary-text quiet window when neither key is set; other channels have none. */
const TELEGRAM_DEBOUNCE_MS = 300

/** The quiet window for rapid text from one sender (0 = off): the channel's own, else the global, else the provider default. */
export function inboundDebounceMs(messages: MessagesConfig, provider: Provider): number {
  return messages.inbound?.byChannel?.[provider] ?? messages.inbound?.debounceMs ?? (provider === 'telegram' ? TELEGRAM_DEBOUNCE_MS : 0)
}
