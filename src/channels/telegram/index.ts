/** Telegram channel (grammY). Imported lazily by the registry, only when Telegram is configured. */
export { createTelegramAdapter as createTelegramChannel } from './adapter.ts'
