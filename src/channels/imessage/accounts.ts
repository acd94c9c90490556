/**
 * iMessage accounts from `channels.imessage`. The gateway spawns `imsg rpc` (`cliPath`, default `imsg`),
 * which reads the Messages database of the Mac it runs on, so the default only works on macOS. An
 * explicit `cliPath` may be a wrapper that runs imsg elsewhere (the original's SSH-wrapper setup), so
 * it is accepted on any platform. Pure; no I/O.
 */
import type { ChannelsConfig, IMessageAccountConfig } from '../../config/channels-schema.ts'
import { expandHome } from '../../config/paths.ts'
import { resolveAccounts } from '../accounts.ts'
import { DEFAULT_ATTACHMENT_ROOTS } from './attachment-roots.ts'
import type { ResolvedAccount } from '../types.ts'

export interface IMessageSettings {
  cliPath: string
  dbPath?: string
  service?: 'imessage' | 'sms' | 'auto'
  region?: string
  includeAttachments: boolean
  /** Folders (with `*` for one segment) inbound attachment files may be read from. */
  attachmentRoots: string[]
  /** Chats configured as groups by id: multi-person threads can arrive with `is_group: false`. */
  groupChatIds: string[]
}

export const IMESSAGE_NEEDS_MACOS =
  'iMessage needs macOS: imsg reads the Messages database of the Mac it runs on (elsewhere, set channels.imessage.cliPath to a wrapper that runs imsg on that Mac, e.g. over ssh)'

export function resolveIMessageAccounts(
  channels: ChannelsConfig,
  _env: Record<string, string | undefined> = {},
  platform: string = process.platform,
): ResolvedAccount<IMessageSettings>[] {
  return resolveAccounts<IMessageAccountConfig, IMessageSettings>('imessage', channels.imessage, (a) => ({
    settings: {
      cliPath: a.cliPath ?? 'imsg',
      dbPath: a.dbPath,
      service: a.service,
      region: a.region,
      includeAttachments: a.includeAttachments ?? false,
      attachmentRoots: [...DEFAULT_ATTACHMENT_ROOTS, ...(a.attachmentRoots ?? []).map((r) => expandHome(r))],
      groupChatIds: Object.keys(a.groups ?? {}).filter((k) => k !== '*'),
    },
    missing: !a.cliPath && platform !== 'darwin' ? IMESSAGE_NEEDS_MACOS : undefined,
    groups: a.groups,
  }))
}
