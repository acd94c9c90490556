/**
 * How an agent presents itself (`agent.identity.get`, `/status`, the system prompt): the configured
 * `identity.name` (or `name`), else "Assistant"; the avatar is `identity.avatar`, else the emoji,
 * else "A", as the original's Control UI expects.
 */
import type { AgentProfile } from '../config/agent-roster.ts'

const DEFAULT_NAME = 'Assistant'
const DEFAULT_AVATAR = 'A'

export function assistantIdentity(agent: AgentProfile) {
  const name = agent.identity.name?.trim().slice(0, 50)
  // An emoji has at least one non-ASCII character; anything else in the field is not shown as one.
  const emoji = agent.identity.emoji?.trim().slice(0, 16)
  const shownEmoji = emoji && /[^\x00-\x7f]/.test(emoji) ? emoji : undefined
  return {
    agentId: agent.id,
    name: name || DEFAULT_NAME,
    nameSource: name ? ('agent' as const) : ('default' as const),
    avatar: agent.identity.avatar?.trim() || shownEmoji || DEFAULT_AVATAR,
    ...(shownEmoji && { emoji: shownEmoji }),
  }
}
