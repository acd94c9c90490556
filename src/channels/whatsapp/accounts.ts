/** WhatsApp accounts from `channels.whatsapp`. Pure; no SDK. The session itself is the auth dir's content. */
import { join } from 'node:path'
import type { ChannelsConfig, WhatsAppAccountConfig } from '../../config/channels-schema.ts'
import { expandHome } from '../../config/paths.ts'
import { resolveAccounts } from '../accounts.ts'
import type { ResolvedAccount } from '../types.ts'
import { toE164 } from './jid.ts'

export interface WhatsAppSettings {
  /** Credentials and Signal keys of the linked device (one directory per account). */
  authDir: string
  sendReadReceipts: boolean
  mediaMaxBytes: number
}

const DEFAULT_MEDIA_MAX_MB = 50

export function resolveWhatsAppAccounts(channels: ChannelsConfig, _env: Record<string, string | undefined>, stateDir: string): ResolvedAccount<WhatsAppSettings>[] {
  return resolveAccounts<WhatsAppAccountConfig, WhatsAppSettings>('whatsapp', channels.whatsapp, (a, accountId) => ({
    settings: {
      authDir: a.authDir ? expandHome(a.authDir) : join(stateDir, 'credentials', 'whatsapp', accountId),
      sendReadReceipts: a.sendReadReceipts ?? true,
      mediaMaxBytes: Math.floor((a.mediaMaxMb ?? DEFAULT_MEDIA_MAX_MB) * 1024 * 1024),
    },
    groups: a.groups,
  })).map((account) => ({
    ...account,
    // Numbers may be written with or without `+`, spaces or dashes; senders are compared in E.164.
    policy: { ...account.policy, allowFrom: account.policy.allowFrom.map((e) => toE164(e) ?? e) },
  }))
}
