/** Telegram accounts from `channels.telegram` (+ `TELEGRAM_BOT_TOKEN` for the default account). Pure; no SDK. */
import { readFileSync } from 'node:fs'
import type { TelegramAccountConfig } from '../../config/channels-schema.ts'
import type { ChannelsConfig } from '../../config/channels-schema.ts'
import { DEFAULT_ACCOUNT_ID, resolveAccounts } from '../accounts.ts'
import type { ResolvedAccount } from '../types.ts'

export interface TelegramSettings {
  token: string
  apiRoot: string
  webhook?: { url: string; path: string; secret?: string }
}

const TELEGRAM_API_ROOT = 'https://api.telegram.org'

export function resolveTelegramAccounts(channels: ChannelsConfig, env: Record<string, string | undefined>): ResolvedAccount<TelegramSettings>[] {
  return resolveAccounts<TelegramAccountConfig, TelegramSettings>('telegram', channels.telegram, (a, accountId) => {
    const token = a.botToken ?? readTokenFile(a.tokenFile) ?? (accountId === DEFAULT_ACCOUNT_ID ? env.TELEGRAM_BOT_TOKEN : undefined)
    // `apiRoot` is the Bot API root only; a pasted `/bot<TOKEN>` suffix is dropped.
    const apiRoot = (a.apiRoot ?? TELEGRAM_API_ROOT).replace(/\/bot[^/]*\/?$/, '').replace(/\/+$/, '')
    const webhook = a.webhookUrl
      ? { url: a.webhookUrl, path: a.webhookPath ?? `/telegram-webhook${accountId === DEFAULT_ACCOUNT_ID ? '' : `/${accountId}`}`, secret: a.webhookSecret }
      : undefined
    return {
      settings: { token: token ?? '', apiRoot, webhook },
      missing: token ? undefined : 'no bot token (channels.telegram.botToken or TELEGRAM_BOT_TOKEN)',
      groups: a.groups,
    }
  })
}

function readTokenFile(path: string | undefined): string | undefined {
  if (!path) return undefined
  try {
    return readFileSync(path, 'utf8').trim() || undefined
  } catch {
    return undefined
  }
}
