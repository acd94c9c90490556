/**
 * DM senders approved with a pairing code, from the original's `channel_pairing_allow_entries`
 * (channel, account, sender id as the channel spells it): they keep talking to the agent without a new
 * code. Pending codes (`channel_pairing_requests`) expire within an hour and are not carried over; a
 * sender still waiting gets a new code from this gateway. Senders listed in the config's `allowFrom`
 * need nothing: the config file is shared.
 */
import type { Database } from 'bun:sqlite'
import { isProvider } from '../channels/registry.ts'
import type { ImportedAllowEntry } from '../store/original-import-store.ts'
import type { ImportReport } from './import-report.ts'
import { finiteMs, optionalText } from './row-values.ts'

interface AllowRow {
  channel_key: unknown
  account_id: unknown
  entry: unknown
  updated_at: unknown
}

export function readDmAllowlist(state: Database, report: ImportReport): ImportedAllowEntry[] {
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
    entries.push({ channel, accountId, senderId, approvedAtMs: finiteMs(row.updated_at) ?? Date.now() })
  }
  report.count('approved DM senders', entries.length)
  return entries
}
