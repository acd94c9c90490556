/**
 * Turns one provider's config block into accounts. The block's root is the `default` account unless
 * `accounts.*` is used; named accounts inherit the root's keys and override them. Policy defaults
 * follow the original: DMs `pairing`, groups `allowlist`.
 */
import type { ReplyToMode } from '../config/channels-schema.ts'
import type { TableMode } from './format/index.ts'
import { resolveStreaming, type StreamingKeys } from './streaming-settings.ts'
import type { AccountPolicy, ChatKind, Provider, ResolvedAccount } from './types.ts'

export const DEFAULT_ACCOUNT_ID = 'default'

interface CommonKeys {
  enabled?: boolean
  name?: string
  dmPolicy?: AccountPolicy['dmPolicy']
  allowFrom?: (string | number)[]
  groupPolicy?: AccountPolicy['groupPolicy']
  allowBots?: boolean
  textChunkLimit?: number
  streaming?: StreamingKeys
  replyToMode?: ReplyToMode
  historyLimit?: number
  dmHistoryLimit?: number
  dms?: Record<string, { historyLimit?: number }>
  ackReaction?: string
  reactionLevel?: 'off' | 'ack' | 'minimal' | 'extensive'
  replyToModeByChatType?: Partial<Record<ChatKind, ReplyToMode>>
  markdown?: { tables?: TableMode | 'block' }
}

/** The original's `replyToMode` default: Signal quotes every reply, the others none. */
const REPLY_TO_DEFAULT: Record<Provider, ReplyToMode> = {
  telegram: 'off', slack: 'off', discord: 'off', whatsapp: 'off', signal: 'all', imessage: 'off',
}

/** The original's table default per channel: bullets where a code block reads poorly (Signal, WhatsApp), else code. */
const TABLES_DEFAULT: Record<Provider, TableMode> = {
  telegram: 'code', slack: 'code', discord: 'code', whatsapp: 'bullets', signal: 'bullets', imessage: 'code',
}

type Block<A> = A & { defaultAccount?: string; accounts?: Record<string, A> }

/**
 * @example resolveAccounts('telegram', cfg.channels.telegram, (merged, id) => ({ settings: {...}, groups: merged.groups }))
 */
export function resolveAccounts<A extends CommonKeys, C>(
  provider: Provider,
  block: Block<A> | undefined,
  build: (merged: A, accountId: string) => { settings: C; missing?: string; groups?: AccountPolicy['groups']; warnings?: string[] },
): ResolvedAccount<C>[] {
  if (!block) return []
  const { accounts, defaultAccount: _ignored, ...root } = block
  const named = Object.entries(accounts ?? {})
  // With no accounts map the root itself is the default account.
  const entries: [string, A][] = named.length > 0 ? named.map(([id, a]) => [id, { ...(root as A), ...a }]) : [[DEFAULT_ACCOUNT_ID, root as A]]
  return entries.map(([accountId, merged]) => {
    const built = build(merged, accountId)
    const streaming = resolveStreaming(provider, merged.streaming)
    const warnings = [...(built.warnings ?? []), ...streaming.warnings]
    if (merged.reactionLevel === 'minimal' || merged.reactionLevel === 'extensive') {
      warnings.push(`reactionLevel "${merged.reactionLevel}": the agent's own reactions are not built here; acknowledgement and status reactions are sent as with "ack"`)
    }
    const dmPolicy = merged.dmPolicy ?? 'pairing'
    const allowFrom = (merged.allowFrom ?? []).map((v) => String(v).trim()).filter(Boolean)
    let missing = built.missing
    if (!missing && dmPolicy === 'open' && !allowFrom.includes('*')) missing = 'dmPolicy "open" needs "*" in allowFrom'
    return {
      provider,
      accountId,
      name: merged.name,
      enabled: block.enabled !== false && merged.enabled !== false,
      missing,
      ...(warnings.length && { warnings }),
      textChunkLimit: merged.textChunkLimit,
      streaming: streaming.settings,
      replyToMode: { default: merged.replyToMode ?? REPLY_TO_DEFAULT[provider], ...merged.replyToModeByChatType },
      history: {
        ...(merged.historyLimit !== undefined && { limit: merged.historyLimit }),
        ...(merged.dmHistoryLimit !== undefined && { dmLimit: merged.dmHistoryLimit }),
        dms: Object.fromEntries(Object.entries(merged.dms ?? {}).flatMap(([id, d]) => (d.historyLimit === undefined ? [] : [[id, d.historyLimit]]))),
      },
      ...(merged.ackReaction !== undefined && { ackReaction: merged.ackReaction }),
      ...(merged.reactionLevel === 'off' && { reactionsOff: true }),
      // `block` asks for native tables, which none of these providers has: the original falls back to `code`.
      tables: merged.markdown?.tables === 'block' ? 'code' : merged.markdown?.tables ?? TABLES_DEFAULT[provider],
      policy: {
        dmPolicy,
        allowFrom,
        groupPolicy: merged.groupPolicy ?? 'allowlist',
        allowBots: merged.allowBots ?? false,
        groups: built.groups ?? {},
      },
      settings: built.settings,
    }
  })
}

/** The account `send` uses when none is named: `defaultAccount`, else `default`, else the first. */
export function pickDefaultAccount(ids: string[], preferred?: string): string | undefined {
  if (preferred && ids.includes(preferred)) return preferred
  if (ids.includes(DEFAULT_ACCOUNT_ID)) return DEFAULT_ACCOUNT_ID
  return ids[0]
}
