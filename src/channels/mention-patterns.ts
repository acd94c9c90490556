/**
 * What counts as a mention of the bot besides the provider's own (an @mention entity, a reply to the
 * bot), as the original has it (docs/channels/groups "mentionPatterns"): `messages.groupChat.mentionPatterns`,
 * case-insensitive regexes; unset, the routed agent's `identity.name` and `identity.emoji`; `[]` turns
 * them off. A pattern that does not compile is skipped and said once.
 */
import type { MessagesConfig } from '../config/schema.ts'
import { logger } from '../log.ts'
import { describeError } from './errors.ts'

const log = logger('channels')
const compiled = new Map<string, RegExp | undefined>()

function compile(source: string): RegExp | undefined {
  if (!compiled.has(source)) {
    try {
      compiled.set(source, new RegExp(source, 'iu'))
    } catch (err) {
      log.warn(`config: messages.groupChat.mentionPatterns: "${source}" is not a valid pattern and is ignored: ${describeError(err)}`)
      compiled.set(source, undefined)
    }
  }
  return compiled.get(source)
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The patterns in force for an agent with `identity`. */
export function mentionPatterns(messages: MessagesConfig, identity: { name?: string; emoji?: string }): RegExp[] {
  const configured = messages.groupChat?.mentionPatterns
  if (configured) return configured.map(compile).filter((r): r is RegExp => r !== undefined)
  const name = identity.name?.trim()
  const emoji = identity.emoji?.trim()
  return [
    ...(name ? [new RegExp(`(^|[^\\p{L}\\p{N}_])@?${escape(name)}(?![\\p{L}\\p{N}_])`, 'iu')] : []),
    ...(emoji ? [new RegExp(escape(emoji), 'u')] : []),
  ]
}

export const mentionsByPattern = (text: string, patterns: RegExp[]) => patterns.some((p) => p.test(text))
