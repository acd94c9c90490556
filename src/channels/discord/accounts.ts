/**
 * Discord accounts from `channels.discord` (+ `DISCORD_BOT_TOKEN` for the default account). Pure; no SDK.
 * The REST root is `apiRoot`, else `DISCORD_API_URL` (process-wide, versioned as the original writes it:
 * `https://discord.example.com/api/v10`), else Discord's. Plain http is accepted only on loopback.
 */
import type { ChannelsConfig, DiscordAccountConfig } from '../../config/channels-schema.ts'
import { isSecureUrl } from '../../config/settings.ts'
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
    // The SDK appends the API version itself, so a versioned DISCORD_API_URL loses its `/v10`.
    const apiRoot = (a.apiRoot ?? (env.DISCORD_API_URL?.replace(/\/+$/, '').replace(/\/v\d+$/, '') || DISCORD_API_ROOT)).replace(/\/+$/, '')
    // Guild channels are keyed by channel id (or name) under each guild; the router sees them flat.
    const groups: Record<string, { enabled?: boolean; requireMention?: boolean }> = {}
    for (const [guildId, guild] of Object.entries(a.guilds ?? {})) {
      groups[`guild:${guildId}`] = { requireMention: guild.requireMention }
      for (const [channel, entry] of Object.entries(guild.channels ?? {})) groups[channel] = { requireMention: guild.requireMention, ...entry }
    }
    return {
      settings: { token: token ?? '', apiRoot },
      missing: !token ? 'no bot token (channels.discord.token or DISCORD_BOT_TOKEN)' : insecureRoot(apiRoot),
      groups,
    }
  })
}

/** Why an API root may not be used: a token must not cross the network in clear text. */
function insecureRoot(apiRoot: string): string | undefined {
  let url: URL
  try {
    url = new URL(apiRoot)
  } catch {
    return `the Discord API root is not a URL: ${apiRoot}`
  }
  return isSecureUrl(url) ? undefined : `the Discord API root ${apiRoot} must be https (plain http only on loopback)`
}
