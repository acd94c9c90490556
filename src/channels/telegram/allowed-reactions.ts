/**
 * Which emoji reactions a group allows (`getChat` → `available_reactions`; absent: all of them), asked
 * once per chat and remembered for ten minutes, so a turn's reactions cost no extra calls. A lookup
 * that fails is taken as "all allowed" (the reaction is tried, and a refusal is logged).
 */
import { bareEmoji } from './reaction-emoji.ts'

const TTL_MS = 10 * 60_000

type ChatInfo = { available_reactions?: { type: string; emoji?: string }[] }

export function createAllowedReactions(getChat: (chatId: string) => Promise<ChatInfo>, onError: (chatId: string, err: unknown) => void) {
  const known = new Map<string, { at: number; allowed: Promise<ReadonlySet<string> | undefined> }>()
  return (chatId: string): Promise<ReadonlySet<string> | undefined> => {
    const hit = known.get(chatId)
    if (hit && Date.now() - hit.at < TTL_MS) return hit.allowed
    const allowed = getChat(chatId).then(
      (chat) => chat.available_reactions && new Set(chat.available_reactions.flatMap((r) => (r.type === 'emoji' && r.emoji ? [bareEmoji(r.emoji)] : []))),
      (err) => (onError(chatId, err), undefined),
    )
    known.set(chatId, { at: Date.now(), allowed })
    return allowed
  }
}
