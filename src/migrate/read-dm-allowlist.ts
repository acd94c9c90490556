/**
 * DM senders approved with a pairing code, from the original's `channel_pairing_allow_entries`
 * (channel, account, sender id as the channel spells it): they keep talking to the agent without a new
 * code. Pending codes (`channel_pairing_requests`) expire within an hour and are not carried over; a
 * sender still waiting gets a new code from this gateway. Senders listed in the config's `allowFrom`
 * need nothing: the config file is shared.
 *
 * The original keeps account ids lowercased here; this gateway names an account by its config key as
 * written, so each row is given the configured account whose key matches it ignoring case.
 */
import type { Database } from 'bun:sqlite'
import { DEFAULT_ACCOUNT_ID } from '../channels/accounts.ts'
import { isProvider } from '../channels/registry.ts'
import type { GatewaySettings } from '../config/settings.ts'
import type { ImportedAllowEntry } from '../store/original-import-store.ts'
import type { ImportReport } from './import-report.ts'
import { finiteMs, optionalText } from './row-values.ts'

interface AllowRow {
  channel_key: unknown
  account_id: unknown
  entry: unknown
  updated_at: unknown
}

export function readDmAllowlist(state: Database, report: ImportReport, channels: GatewaySettings['channels']): ImportedAllowEntry[] {
  const rows = state.query<AllowRow, []>(
    'SELECT channel_key, account_id, entry, updated_at FROM channel_pairing_allow_entries ORDER BY channel_key, account_id, sort_order, entry',
  ).all()
  const entries: ImportedAllowEntry[] = []
  for (const row of rows) {
    const channel = optionalText(row.channel_key)
    const accountId = optionalText(row.account_id)
    const senderId = optionalText(row.entry)
    const what = `approved sender ${String(row.entry)} on ${String(row.channel_key)}/${String(row.account_id)}`
    if (!channel || !accountId || !senderId) {
      report.skip(what, 'malformed row in channel_pairing_allow_entries')
      continue
    }
    if (!isProvider(channel)) {
      report.skip(what, `this gateway has no ${channel} channel`)
      continue
    }
    entries.push({ channel, accountId: configuredAccountId(channels, channel, accountId), senderId, approvedAtMs: finiteMs(row.updated_at) ?? Date.now() })
  }
  report.count('approved DM senders', entries.length)
  return entries
}

/** The configured account whose key is `stored` ignoring case; `stored` itself when none is configured. */
function configuredAccountId(channels: GatewaySettings['channels'], channel: string, stored: string): string {
  const accounts = (channels as Record<string, { accounts?: Record<string, unknown> } | undefined>)[channel]?.accounts
  const ids = accounts && Object.keys(accounts).length > 0 ? Object.keys(accounts) : [DEFAULT_ACCOUNT_ID]
  return ids.find((id) => id.toLowerCase() === stored.toLowerCase()) ?? stored
}
