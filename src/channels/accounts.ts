/**
 * Turns one provider's config block into accounts. The block's root is the `default` account unless
 * `accounts.*` is used; named accounts inherit the root's keys and override them. Policy defaults
 * follow the original: DMs `pairing`, groups `allowlist`.
 */
import type { ChunkMode, ReplyToMode, StreamingMode } from '../config/channels-schema.ts'
import type { TableMode } from './format/index.ts'
import type { AccountPolicy, Provider, ResolvedAccount } from './types.ts'

export const DEFAULT_ACCOUNT_ID = 'default'

interface CommonKeys {
  enabled?: boolean
  name?: string
  dmPolicy?: AccountPolicy['dmPolicy']
  allowFrom?: (string | number)[]
  groupPolicy?: AccountPolicy['groupPolicy']
  allowBots?: boolean
  textChunkLimit?: number
  streaming?: { mode?: StreamingMode; chunkMode?: ChunkMode; progress?: { toolProgress?: boolean } }
  replyToMode?: ReplyToMode
  markdown?: { tables?: TableMode | 'block' }
}

/** The original's preview default per channel: a progress draft on Telegram and Slack, none elsewhere. */
const STREAMING_DEFAULT: Record<Provider, StreamingMode> = {
  telegram: 'progress', slack: 'progress', discord: 'off', whatsapp: 'off', signal: 'off', imessage: 'off',
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
      ...(built.warnings?.length && { warnings: built.warnings }),
      textChunkLimit: merged.textChunkLimit,
      streaming: {
        mode: merged.streaming?.mode ?? STREAMING_DEFAULT[provider],
        chunkMode: merged.streaming?.chunkMode ?? 'length',
        toolProgress: merged.streaming?.progress?.toolProgress ?? false,
      },
      replyToMode: merged.replyToMode ?? 'off',
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
