/**
 * The `channels.status` payload (PROTOCOL.md §4.2): a summary per channel (its default account) and a
 * snapshot per account, in the original's field names.
 */
import type { ChannelsConfig } from '../config/channels-schema.ts'
import { pickDefaultAccount } from './accounts.ts'
import type { AccountRuntime, AccountStatus } from './account-runtime.ts'
import { PROVIDER_ORDER, PROVIDERS } from './registry.ts'

interface AccountSnapshot extends AccountStatus {
  accountId: string
  name?: string
  enabled: boolean
  configured: boolean
  dmPolicy: string
  allowFrom: string[]
}

export interface ChannelsStatus {
  ts: number
  channelOrder: string[]
  channelLabels: Record<string, string>
  channelDetailLabels: Record<string, string>
  /** The same names per channel, in order, as the Control UI reads them. */
  channelMeta: { id: string; label: string; detailLabel: string }[]
  channels: Record<string, Omit<AccountSnapshot, 'accountId' | 'name' | 'dmPolicy' | 'allowFrom'>>
  channelAccounts: Record<string, AccountSnapshot[]>
  channelDefaultAccountId: Record<string, string>
}

function snapshotAccount(rt: AccountRuntime): AccountSnapshot {
  const { account, status } = rt
  return {
    accountId: account.accountId,
    ...(account.name && { name: account.name }),
    enabled: account.enabled,
    configured: !account.missing,
    ...status,
    // An account that cannot start says why, where an operator looks first.
    lastError: status.lastError ?? account.missing ?? null,
    dmPolicy: account.policy.dmPolicy,
    allowFrom: account.policy.allowFrom,
    ...rt.loaded?.statusDetails?.(),
  }
}

export function buildChannelsStatus(runtimes: AccountRuntime[], config: ChannelsConfig): ChannelsStatus {
  const out: ChannelsStatus = { ts: Date.now(), channelOrder: [], channelLabels: {}, channelDetailLabels: {}, channelMeta: [], channels: {}, channelAccounts: {}, channelDefaultAccountId: {} }
  for (const provider of PROVIDER_ORDER) {
    const accounts = runtimes.filter((rt) => rt.account.provider === provider).map(snapshotAccount)
    if (accounts.length === 0) continue
    const defaultId = pickDefaultAccount(accounts.map((a) => a.accountId), config[provider]?.defaultAccount)!
    const { accountId: _id, name: _n, dmPolicy: _d, allowFrom: _a, ...summary } = accounts.find((a) => a.accountId === defaultId)!
    out.channelOrder.push(provider)
    const { label, detailLabel } = PROVIDERS[provider]
    out.channelLabels[provider] = label
    out.channelDetailLabels[provider] = detailLabel
    out.channelMeta.push({ id: provider, label, detailLabel })
    out.channels[provider] = summary
    out.channelAccounts[provider] = accounts
    out.channelDefaultAccountId[provider] = defaultId
  }
  return out
}
