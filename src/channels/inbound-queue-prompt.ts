/**
 * The text a queued turn gives the model: one entry's messages as written, a collect batch under the
 * original's heading with each entry numbered and its sender named, and an overflow summary of the
 * entries `drop: "summarize"` let go, so the model sees the same shapes it sees behind the original.
 */
import type { DebouncedItem } from './inbound-debounce.ts'
import type { InboundMessage } from './types.ts'

/** One entry (a debounced batch from one sender) as one message: its parts, one per line. */
export const entryText = (entry: readonly DebouncedItem[]): string => entry.map((i) => i.text).join('\n')

/** One dropped entry, whitespace folded and cut to 160 characters. */
export function summaryLine(entry: readonly DebouncedItem[], limit = 160): string {
  const folded = entryText(entry).replace(/\s+/g, ' ').trim()
  return folded.length <= limit ? folded : `${[...folded].slice(0, limit - 1).join('').trimEnd()}…`
}

export function overflowSummary(lines: readonly string[]): string {
  const head = `[Queue overflow] Dropped ${lines.length} message${lines.length === 1 ? '' : 's'} due to cap.`
  return [head, 'Summary:', ...lines.map((l) => `- ${l}`)].join('\n')
}

/** How a message's sender is named to the model. */
export const senderName = (sender: InboundMessage['sender']): string => sender.name ?? sender.username ?? sender.id

/** Several entries as one turn (`collect`). */
export function collectPrompt(entries: readonly (readonly DebouncedItem[])[], summary: string | undefined): string {
  const blocks = entries.map((entry, i) => {
    const label = senderName(entry[entry.length - 1]!.msg.sender)
    return `---\nQueued #${i + 1}${label ? ` (from ${label})` : ''}\n${entryText(entry)}`.trim()
  })
  return ['[Queued messages while agent was busy]', ...(summary ? [summary] : []), ...blocks].join('\n\n')
}
