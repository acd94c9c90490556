/**
 * Outbound media: fetched over HTTP(S) within `mediaMaxMb`, then shaped as Baileys message content by
 * MIME type. Thumbnails are never computed: Baileys would need sharp (or jimp), and sharp's native
 * module does not load inside the compiled binary. An empty `jpegThumbnail` tells Baileys there is
 * nothing to compute, so images and videos send the same way from source and from the binary.
 */
import { GatewayError } from '../../protocol/index.ts'

export interface FetchedMedia {
  bytes: Buffer
  mimeType: string
  fileName: string
}

const mediaError = (message: string, code: string) => new GatewayError('INVALID_REQUEST', message, { code, provider: 'whatsapp' })

export async function fetchMedia(url: string, maxBytes: number): Promise<FetchedMedia> {
  if (!/^https?:\/\//i.test(url)) throw mediaError('mediaUrl must be an http(s) URL', 'INVALID_MEDIA')
  let res: Response
  try {
    res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(60_000) })
  } catch (err) {
    throw mediaError(`could not fetch the media: ${(err as Error).message}`, 'MEDIA_FETCH_FAILED')
  }
  if (!res.ok || !res.body) throw mediaError(`could not fetch the media: HTTP ${res.status}`, 'MEDIA_FETCH_FAILED')
  const tooLarge = () => mediaError(`the media is larger than mediaMaxMb (${Math.round(maxBytes / 1024 / 1024)} MB)`, 'MEDIA_TOO_LARGE')
  if (Number(res.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge()
  // The length header may be absent or wrong: count while reading and stop at the limit.
  const parts: Uint8Array[] = []
  let size = 0
  for await (const part of res.body) {
    size += part.byteLength
    if (size > maxBytes) throw tooLarge()
    parts.push(part)
  }
  const mimeType = (res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim()
  const fileName = decodeURIComponent(new URL(res.url || url).pathname.split('/').pop() || 'file')
  return { bytes: Buffer.concat(parts), mimeType, fileName }
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
