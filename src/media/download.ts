/**
 * A bounded download: at most `maxBytes`, within `timeoutMs`, stopping as soon as either is passed
 * (the Content-Length header may be absent or wrong, so bytes are counted while reading). Errors
 * never carry the URL: channel file URLs can embed a bot token.
 */
import { readBounded } from '../http/http-body.ts'
import { GatewayError } from '../protocol/index.ts'

export interface UrlSource {
  url: string
  headers?: Record<string, string>
}

export const MEDIA_DOWNLOAD_TIMEOUT_MS = 15_000

export const mediaFailed = (message: string, code: MediaErrorCode) => new GatewayError('UNAVAILABLE', message, { code })

/** Why an attachment's bytes could not be had; the turn goes on without them. */
type MediaErrorCode = 'MEDIA_FETCH_FAILED' | 'MEDIA_TOO_LARGE' | 'MEDIA_OUTSIDE_ROOT'

export interface DownloadedFile {
  bytes: Buffer
  /** The Content-Type the server declared, parameters stripped. */
  contentType?: string
  /** The URL after redirects. */
  url: string
}

export async function downloadMedia(src: UrlSource, maxBytes: number, timeoutMs = MEDIA_DOWNLOAD_TIMEOUT_MS): Promise<Uint8Array> {
  return (await downloadFile(src, maxBytes, timeoutMs)).bytes
}

/** Like downloadMedia, with what the server said about the file. */
export async function downloadFile(src: UrlSource, maxBytes: number, timeoutMs = MEDIA_DOWNLOAD_TIMEOUT_MS): Promise<DownloadedFile> {
  const signal = AbortSignal.timeout(timeoutMs)
  const tooLarge = () => mediaFailed(`the file is larger than ${maxBytes} bytes`, 'MEDIA_TOO_LARGE')
  try {
    const res = await fetch(src.url, { headers: src.headers, redirect: 'follow', signal })
    if (!res.ok || !res.body) throw mediaFailed(`the file download answered HTTP ${res.status}`, 'MEDIA_FETCH_FAILED')
    const bytes = await readBounded(res, maxBytes)
    if (!bytes) throw tooLarge()
    const contentType = res.headers.get('content-type')?.split(';')[0]!.trim() || undefined
    return { bytes, contentType, url: res.url || src.url }
  } catch (err) {
    if (err instanceof GatewayError) throw err
    throw mediaFailed(signal.aborted ? `the file download took longer than ${timeoutMs} ms` : 'the file download failed', 'MEDIA_FETCH_FAILED')
  }
}
