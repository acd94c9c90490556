/**
 * Signal takes plain text plus style ranges (signal-cli's `textStyle`: `start:length:STYLE`, in
 * UTF-16 units, which is what our offsets count). Links are written out as in plain text.
 */
import type { MarkdownIR, Span } from '../ir.ts'
import { renderIR } from '../render.ts'
import { plainText } from './plain.ts'

const STYLES: Partial<Record<Span['style'], string>> = {
  bold: 'BOLD', heading: 'BOLD', italic: 'ITALIC', strike: 'STRIKETHROUGH', code: 'MONOSPACE', code_block: 'MONOSPACE', spoiler: 'SPOILER',
}

export function renderSignal(ir: MarkdownIR): { text: string; textStyles: string[] } {
  const textStyles: string[] = []
  const text = renderIR(ir, {
    ...plainText,
    placed(span, start, end) {
      const style = STYLES[span.style]
      if (style && end > start) textStyles.push(`${start}:${end - start}:${style}`)
    },
  })
  return { text, textStyles }
}
