/** Discord accounts from `channels.discord` (+ `DISCORD_BOT_TOKEN` for the default account). Pure; no SDK. */
import type { ChannelsConfig, DiscordAccountConfig } from '../../config/channels-schema.ts'
import { DEFAULT_ACCOUNT_ID, resolveAccounts } from '../accounts.ts'
import type { ResolvedAccount } from '../types.ts'

export interface DiscordSettings {
  token: string
  /** REST root including the version, e.g. https://discord.com/api (the SDK appends /v10). */
  apiRoot: string
}

const DISCORD_API_ROOT = 'https://discord.com/api'

export function resolveDiscordAccounts(channels: ChannelsConfig, env: Record<string, string | undefined>): ResolvedAccount<DiscordSettings>[] {
  return resolveAccounts<DiscordAccountConfig, DiscordSettings>('discord', channels.discord, (a, accountId) => {
    const token = a.token ?? (accountId === DEFAULT_ACCOUNT_ID ? env.DISCORD_BOT_TOKEN : undefined)
    // Guild channels are keyed by channel id (or name) under each guild; the router sees them flat.
    const groups: Record<string, { enabled?: boolean; requireMention?: boolean }> = {}
    for (const [guildId, guild] of Object.entries(a.guilds ?? {})) {
      groups[`guild:${guildId}`] = { requireMention: guild.requireMention }
      for (const [channel, entry] of Object.entries(guild.channels ?? {})) groups[channel] = { requireMention: guild.requireMention, ...entry }
    }
    return {
      settings: { token: token ?? '', apiRoot: (a.apiRoot ?? DISCORD_API_ROOT).replace(/\/+$/, '') },
      missing: token ? undefined : 'no bot token (channels.discord.token or DISCORD_BOT_TOKEN)',
      groups,
    }
  })
}
