/**
 * Media both ways. Outbound: fetched over HTTP(S) within `mediaMaxMb`, then shaped as Baileys message
 * content by MIME type. Thumbnails are never computed: Baileys would need sharp (or jimp), and sharp's
 * native module does not load inside the compiled binary. An empty `jpegThumbnail` tells Baileys there
 * is nothing to compute, so images and videos send the same way from source and from the binary.
 * Inbound: WhatsApp media is encrypted on its CDN, so Baileys downloads and decrypts it; the stream is
 * cut as soon as it passes the caller's byte limit or its time is up.
 */
import { downloadMediaMessage, type WAMessage } from '@whiskeysockets/baileys'
import type { Readable } from 'node:stream'
import { collectBounded } from '../../http/http-body.ts'
import { GatewayError } from '../../protocol/index.ts'
import { downloadFile, mediaFailed, type DownloadedFile } from '../../media/download.ts'
import type { WaMessage } from './normalize.ts'

export interface FetchedMedia {
  bytes: Buffer
  mimeType: string
  fileName: string
}

const mediaError = (message: string, code: string) => new GatewayError('INVALID_REQUEST', message, { code, provider: 'whatsapp' })

export async function fetchMedia(url: string, maxBytes: number): Promise<FetchedMedia> {
  if (!/^https?:\/\//i.test(url)) throw mediaError('mediaUrl must be an http(s) URL', 'INVALID_MEDIA')
  let file: DownloadedFile
  try {
    file = await downloadFile({ url }, maxBytes, 60_000)
  } catch (err) {
    // The same failure, told as the caller's mistake: they chose the URL and the size.
    const code = ((err as GatewayError).details as { code?: string } | undefined)?.code ?? 'MEDIA_FETCH_FAILED'
    if (code === 'MEDIA_TOO_LARGE') throw mediaError(`the media is larger than mediaMaxMb (${Math.round(maxBytes / 1024 / 1024)} MB)`, code)
    throw mediaError(`could not fetch the media: ${(err as Error).message}`, code)
  }
  const fileName = decodeURIComponent(new URL(file.url).pathname.split('/').pop() || 'file')
  return { bytes: file.bytes, mimeType: file.contentType ?? 'application/octet-stream', fileName }
}

/** Baileys `sendMessage` content for a file, captioned where WhatsApp shows captions. */
export function mediaContent(media: FetchedMedia, caption: string): Record<string, unknown> {
  const text = caption ? { caption } : {}
  const [kind] = media.mimeType.split('/')
  if (kind === 'image' && media.mimeType !== 'image/gif') return { image: media.bytes, mimetype: media.mimeType, jpegThumbnail: '', ...text }
  if (kind === 'video') return { video: media.bytes, mimetype: media.mimeType, jpegThumbnail: '', ...text }
  if (kind === 'audio') return { audio: media.bytes, mimetype: media.mimeType }
  return { document: media.bytes, mimetype: media.mimeType, fileName: media.fileName, ...text }
}

/** The media of an inbound message, decrypted: at most `maxBytes`, abandoned when `signal` aborts. */
export async function downloadInboundMedia(m: WaMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const stream = (await downloadMediaMessage(m as WAMessage, 'stream', {})) as Readable
  const stop = () => stream.destroy()
  signal.addEventListener('abort', stop, { once: true })
  try {
    const bytes = await collectBounded(stream, maxBytes)
    if (!bytes) throw mediaFailed(`the file is larger than ${maxBytes} bytes`, 'MEDIA_TOO_LARGE')
    return bytes
  } finally {
    signal.removeEventListener('abort', stop)
    stream.destroy()
  }
}
