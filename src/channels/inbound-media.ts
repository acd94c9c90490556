/**
 * A message's attachments made ready for the agent. Images: each one the adapter can locate is read
 * within `policy.attachments.maxImageBytes` and a timeout, and kept only when its bytes are a type the
 * models take; a file that is too large, slow or unreadable keeps its metadata, so the agent is still
 * told it was there. Voice notes and audio become text (inbound-voice.ts). A media problem never
 * stops the turn.
 */
import type { AudioSettings } from '../config/media-settings.ts'
import { logger } from '../log.ts'
import { formatBytes, sniffImageMime } from '../media/image.ts'
import { readMedia, type MediaSource } from '../media/source.ts'
import { ATTACHMENT_MAX_IMAGE_BYTES } from '../protocol/index.ts'
import { describeError } from './errors.ts'
import { isAudio, transcribeVoice, type Heard } from './inbound-voice.ts'
import type { Attachment } from './types.ts'

const log = logger('channels')

export type LocateMedia = (a: Attachment) => Promise<MediaSource | undefined>

export interface PreparedInbound {
  /** The message as the model reads it (with a voice note's transcript). */
  message: string
  /** What the agent gets as attachments: images with their bytes, other files as metadata. */
  attachments: Attachment[]
  /** Told to the sender before the answer (a voice note nobody can transcribe, an echoed transcript). */
  notices: string[]
}

/** `heard`: what the first audio attachment said, when it was transcribed before the turn (see voice-preflight.ts). */
export async function prepareInbound(message: string, attachments: Attachment[], locate: LocateMedia | undefined, audio: AudioSettings, heard?: Heard): Promise<PreparedInbound> {
  const audios = attachments.filter(isAudio)
  const [voice, images] = await Promise.all([
    audios.length > 0 ? transcribeVoice(message, audios, locate, audio, heard) : undefined,
    withImageData(attachments.filter((a) => !isAudio(a)), locate),
  ])
  const echo = voice?.transcript && audio.echoFormat ? audio.echoFormat.replaceAll('{transcript}', voice.transcript) : undefined
  return { message: voice?.body ?? message, attachments: images, notices: [voice?.notice, echo].filter((n): n is string => !!n) }
}

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
