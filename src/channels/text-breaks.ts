/**
 * Where streamed text may be cut into blocks (`streaming.preview.chunk.breakPreference`, block replies):
 * at a paragraph break, a line break, after a sentence, or at a word, with weaker breaks as fallbacks.
 * Each break is its whitespace: the block before it ends where the whitespace starts (at or after
 * `min`, at or before `max`) and the next block starts after it.
 */
import type { BreakPreference } from '../config/channels-schema.ts'

type BreakKind = BreakPreference | 'word'

const BREAKS: Record<BreakKind, RegExp> = {
  paragraph: /\n[ \t]*\n/g,
  newline: /\n/g,
  sentence: /(?<=[.!?])\s/g,
  word: /\s/g,
}
/** Weaker breaks a preference falls back to, strongest first. */
const FALLBACK: Record<BreakKind, BreakKind[]> = {
  paragraph: ['paragraph', 'newline', 'sentence'],
  newline: ['newline', 'sentence'],
  sentence: ['sentence'],
  word: ['word'],
}

/**
 * Where the next block starts when this one ends at the last break of the preferred kind (else a
 * weaker one) ending the block within [`min`, `max`] characters; -1 when there is none.
 * @example breakIn('One. Two three', 'sentence', 1, 10) // 5: the block is 'One.', the next starts at 'Two'
 */
export function breakIn(text: string, preference: BreakKind, min: number, max: number): number {
  for (const kind of FALLBACK[preference]) {
    let next = -1
    for (const m of text.slice(0, max + 1).matchAll(BREAKS[kind])) {
      if (m.index >= min && m.index <= max) next = m.index + m[0].length
    }
    if (next >= 0) return next
  }
  return -1
}

/** A block that must end within `max` characters: at a break as `breakIn` finds it, else at a word, else at `max`. */
export function forcedBreak(text: string, preference: BreakKind, min: number, max: number): number {
  const at = breakIn(text, preference, min, max)
  if (at >= 0) return at
  const word = breakIn(text, 'word', 1, max)
  return word >= 0 ? word : max
}
