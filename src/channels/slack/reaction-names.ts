/**
 * Slack reactions are named (`eyes`, not 👀). `ackReaction` may be either: a name (with or without
 * colons) is used as is; a Unicode emoji is looked up here, and one not listed is sent as it is
 * (Slack refuses it and the refusal is logged).
 */
const BY_EMOJI: Record<string, string> = {
  '👀': 'eyes', '👍': '+1', '👎': '-1', '✅': 'white_check_mark', '❌': 'x', '✔️': 'heavy_check_mark', '☑️': 'ballot_box_with_check',
  '⏳': 'hourglass_flowing_sand', '⌛': 'hourglass', '🤔': 'thinking_face', '🦞': 'lobster', '🦥': 'sloth', '🤖': 'robot_face',
  '🧠': 'brain', '💬': 'speech_balloon', '✨': 'sparkles', '🔥': 'fire', '🎉': 'tada', '🙏': 'pray', '👋': 'wave',
  '❤️': 'heart', '😊': 'blush', '🙂': 'slightly_smiling_face', '😀': 'grinning', '👌': 'ok_hand', '🚀': 'rocket',
  '⚡': 'zap', '⭐': 'star', '💡': 'bulb', '📝': 'memo', '🔍': 'mag', '🫡': 'saluting_face', '🙌': 'raised_hands', '👏': 'clap',
}

/** Variation selectors differ between keyboards (❤ and ❤️ are one emoji). */
const bare = (emoji: string) => emoji.replace(/\uFE0F/g, '')
const NAMES = new Map(Object.entries(BY_EMOJI).map(([emoji, name]) => [bare(emoji), name]))

/** @example slackReactionName('👀') === 'eyes'; slackReactionName(':eyes:') === 'eyes' */
export function slackReactionName(emoji: string): string {
  return NAMES.get(bare(emoji)) ?? emoji.replace(/^:|:$/g, '')
}
