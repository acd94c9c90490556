/** Discord channel (discord.js). Imported lazily by the registry, only when Discord is configured. */
export { createDiscordAdapter as createDiscordChannel } from './adapter.ts'
