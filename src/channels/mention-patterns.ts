/**
 * What counts as a mention of the bot besides the provider's own (an @mention entity, a reply to the
 * bot), as the original has it (docs/channels/groups "mentionPatterns"): the routed agent's
 * `groupChat.mentionPatterns`, else `messages.groupChat.mentionPatterns`, case-insensitive regexes;
 * neither set, the agent's `identity.name` and `identity.emoji`; `[]` turns them off. A pattern that
 * does not compile is skipped and said once.
 */
import type { MessagesConfig } from '../config/schema.ts'
import { logger } from '../log.ts'
import { describeError } from './errors.ts'

const log = logger('channels')
const compiled = new Map<string, RegExp | undefined>()

function compile(source: string): RegExp | undefined {
  if (!compiled.has(source)) {
    try {
      // 'i' only, as the original compiles them: under 'u' an identity escape such as `\@bot` does not compile.
      compiled.set(source, new RegExp(source, 'i'))
    } catch (err) {
      log.warn(`config: mentionPatterns: "${source}" is not a valid pattern and is ignored: ${describeError(err)}`)
      compiled.set(source, undefined)
    }
  }
  return compiled.get(source)
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** What the patterns of one agent are made from: its own `groupChat.mentionPatterns`, else its identity. */
export interface MentionSource {
  identity: { name?: string; emoji?: string }
  mentionPatterns?: string[]
}

/** The patterns in force for `agent`. */
export function mentionPatterns(messages: MessagesConfig, agent: MentionSource | undefined): RegExp[] {
  const configured = agent?.mentionPatterns ?? messages.groupChat?.mentionPatterns
  if (configured) return configured.map(compile).filter((r): r is RegExp => r !== undefined)
  const name = agent?.identity.name?.trim()
  const emoji = agent?.identity.emoji?.trim()
  return [
    ...(name ? [new RegExp(`(^|[^\\p{L}\\p{N}_])@?${escape(name)}(?![\\p{L}\\p{N}_])`, 'iu')] : []),
    ...(emoji ? [new RegExp(escape(emoji), 'u')] : []),
  ]
}

export const mentionsByPattern = (text: string, patterns: RegExp[]) => patterns.some((p) => p.test(text))
