/**
 * Telegram takes reactions only from its own list of emoji (Bot API `ReactionTypeEmoji`), and a group
 * may allow fewer (`available_reactions`). The status reactions' emoji that are not on the list are
 * shown as the nearest one that is, as the original shows them (🧠 thinking as 🤔, a tool as 🔥,
 * done ✅ as 👍, error ❌ as 😱…); in a group that does not allow it, the first of 👍 👀 🔥 it does.
 * Any other emoji is sent as it is; one Telegram refuses is logged, and the reply goes out regardless.
 */
const TELEGRAM_EMOJI = new Set([
  '❤', '👍', '👎', '🔥', '🥰', '👏', '😁', '🤔', '🤯', '😱', '🤬', '😢', '🎉', '🤩', '🤮', '💩', '🙏', '👌', '🕊', '🤡',
  '🥱', '🥴', '😍', '🐳', '❤‍🔥', '🌚', '🌭', '💯', '🤣', '⚡', '🍌', '🏆', '💔', '🤨', '😐', '🍓', '🍾', '💋', '🖕', '😈',
  '😴', '😭', '🤓', '👻', '👨‍💻', '👀', '🎃', '🙈', '😇', '😨', '🤝', '✍', '🤗', '🫡', '🎅', '🎄', '☃', '💅', '🤪', '🗿',
  '🆒', '💘', '🙉', '🦄', '😘', '💊', '🙊', '😎', '👾', '🤷‍♂', '🤷', '🤷‍♀', '😡',
])

/** Status emoji → Telegram's stand-in. */
const STAND_IN: Record<string, string> = {
  '🧠': '🤔', '🛠': '🔥', '💻': '👨‍💻', '🌐': '⚡', '🛫': '🔥', '🏗': '🔥', '💁': '👀', '🖼': '🔥',
  '✅': '👍', '❌': '😱', '⏳': '🥱', '⚠': '😨',
}

/** What a group that restricts reactions most likely still allows. */
const FALLBACKS = ['👍', '👀', '🔥']

/** Keyboards differ in variation selectors (❤ and ❤️); Telegram lists the bare form. */
export const bareEmoji = (emoji: string) => emoji.replace(/[\uFE0E\uFE0F]/g, '')

/**
 * The reaction Telegram gets for `emoji`; with `allowed` (the chat's `available_reactions`), one of
 * those, or undefined when the chat allows none of the candidates.
 * @example telegramReaction('🧠') === '🤔'; telegramReaction('❤️') === '❤'; telegramReaction('👀', new Set(['👍'])) === '👍'
 */
export function telegramReaction(emoji: string, allowed?: ReadonlySet<string>): string | undefined {
  const b = bareEmoji(emoji)
  const first = TELEGRAM_EMOJI.has(b) ? b : (STAND_IN[b] ?? emoji)
  return allowed ? [first, ...FALLBACKS].find((e) => allowed.has(e)) : first
}
