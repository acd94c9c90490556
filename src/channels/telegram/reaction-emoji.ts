/**
 * Telegram takes reactions only from its own list of emoji (Bot API `ReactionTypeEmoji`). The status
 * reactions' emoji that are not on it are shown as the nearest one that is, as the original shows
 * them (🧠 thinking as 🤔, a tool as 🔥, done ✅ as 👍, error ❌ as 😱…). Any other emoji is sent as
 * it is; one Telegram refuses is logged, and the reply goes out regardless.
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

/** Keyboards differ in variation selectors (❤ and ❤️); Telegram lists the bare form. */
const bare = (emoji: string) => emoji.replace(/[\uFE0E\uFE0F]/g, '')

/** @example telegramReaction('🧠') === '🤔'; telegramReaction('❤️') === '❤'; telegramReaction('👀') === '👀' */
export function telegramReaction(emoji: string): string {
  const b = bare(emoji)
  return TELEGRAM_EMOJI.has(b) ? b : (STAND_IN[b] ?? emoji)
}
