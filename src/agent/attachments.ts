/**
 * Files that came with a user message. Images within the limits carry their bytes (`data`, base64)
 * and go to the model as image parts; everything else is described to the model in text, never sent
 * as bytes. Transcripts keep only what was attached (kind, name, type, size), not the bytes, so a
 * session's history stays small and later turns see that an image was there.
 */
import type { ImagePart, ModelMessage } from '../providers/index.ts'
import { formatBytes } from '../media/image.ts'
import type { TranscriptMessage } from './transcript.ts'

export interface RunAttachment {
  kind: string
  name?: string
  mimeType?: string
  size?: number
  /** Base64 bytes of an image the model can take (set only after the size and type checks). */
  data?: string
}

/** Transcript content blocks allow extra keys; these are the ones an attachment block uses. */
type Block = TranscriptMessage['content'][number] & { kind?: string; mimeType?: string; size?: number; shownToModel?: boolean }

/** The transcript's trace of an attachment: `image` or `attachment`, with no bytes. */
export function attachmentBlock(a: RunAttachment): Block {
  return {
    type: a.kind === 'image' ? 'image' : 'attachment',
    ...(a.kind !== 'image' && { kind: a.kind }),
    ...(a.name && { name: a.name }),
    ...(a.mimeType && { mimeType: a.mimeType }),
    ...(a.size !== undefined && { size: a.size }),
    ...(a.kind === 'image' && { shownToModel: a.data !== undefined }),
  }
}

function describe(b: Block, earlier: boolean): string {
  const facts = [b.name, b.mimeType, typeof b.size === 'number' ? formatBytes(b.size) : undefined].filter(Boolean).join(', ')
  const what = b.type === 'image' ? 'image' : String(b.kind ?? 'file')
  const note = earlier ? 'sent earlier in this conversation' : b.type === 'image' ? 'not shown: too large, of an unsupported type, or no longer available' : 'content not included'
  return `[Attached ${what}${facts ? ` (${facts})` : ''}; ${note}]`
}

/** The text a model reads for a user message: the message, then one line per attachment it cannot see. */
function withNotes(text: string, blocks: Block[], earlier: boolean): string {
  const notes = blocks.filter((b) => earlier || b.shownToModel !== true).map((b) => describe(b, earlier))
  return [text, ...notes].filter(Boolean).join('\n\n')
}

/** The current turn's user message as the model gets it: images inline, other files described. */
export function userModelMessage(text: string, attachments: RunAttachment[]): ModelMessage {
  const images: ImagePart[] = attachments.flatMap((a) => (a.data && a.mimeType ? [{ mimeType: a.mimeType, data: a.data }] : []))
  return { role: 'user', text: withNotes(text, attachments.map(attachmentBlock), false), ...(images.length > 0 && { images }) }
}

/** A stored user message's text for a later turn: its attachments are mentioned, not resent. */
export function historyUserText(m: TranscriptMessage, text: string): string {
  return withNotes(text, (m.content as Block[]).filter((b) => b.type === 'image' || b.type === 'attachment'), true)
}

/** What is stored for a run accepted but not yet started: the bytes stay in memory only. */
export function withoutData(attachments: RunAttachment[] | undefined): RunAttachment[] | undefined {
  return attachments?.map(({ data: _data, ...rest }) => rest)
}
