/**
 * Inbound images for the agent: each image attachment the adapter can locate is downloaded within
 * `policy.attachments.maxImageBytes` and a timeout, and kept only when its bytes are a type the
 * models take. A file that is too large, slow or unreadable keeps its metadata, so the agent is still
 * told it was there; a download problem never stops the turn.
 */
import { logger } from '../log.ts'
import { formatBytes, sniffImageMime } from '../media/image.ts'
import { readMedia, type MediaSource } from '../media/source.ts'
import { ATTACHMENT_MAX_IMAGE_BYTES } from '../protocol/index.ts'
import { describeError } from './errors.ts'
import type { Attachment } from './types.ts'

const log = logger('channels')

export type LocateMedia = (a: Attachment) => Promise<MediaSource | undefined>

export async function withImageData(attachments: Attachment[], locate: LocateMedia | undefined, maxBytes = ATTACHMENT_MAX_IMAGE_BYTES): Promise<Attachment[]> {
  if (!locate) return attachments
  return Promise.all(attachments.map((a) => (isImage(a) ? loadImage(a, locate, maxBytes) : a)))
}

/** A photo, or a picture sent as a file (Telegram's uncompressed "send as file" is a document). */
const isImage = (a: Attachment) => a.kind === 'image' || (a.kind === 'document' && a.mimeType?.startsWith('image/') === true)

async function loadImage(a: Attachment, locate: LocateMedia, maxBytes: number): Promise<Attachment> {
  const label = a.name ?? a.id ?? 'image'
  if (a.size !== undefined && a.size > maxBytes) {
    log.debug(`inbound image ${label} (${formatBytes(a.size)}) is over the ${formatBytes(maxBytes)} image limit; passed as metadata`)
    return a
  }
  try {
    const source = await locate(a)
    if (!source) return a
    const bytes = await readMedia(source, maxBytes)
    const mimeType = sniffImageMime(bytes)
    if (!mimeType) return { ...a, size: bytes.byteLength }
    return { ...a, kind: 'image', mimeType, size: bytes.byteLength, data: Buffer.from(bytes).toString('base64') }
  } catch (err) {
    log.debug(`inbound image ${label} not downloaded: ${describeError(err)}`)
    return a
  }
}
