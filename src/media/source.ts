/**
 * Where an inbound attachment's bytes are, in each of the ways a provider can say it, and the one way
 * they are read: within a byte limit and a time limit, whatever kind of place it is. A failure is a
 * GatewayError with a `MEDIA_*` code; the caller keeps the attachment's metadata and goes on.
 */
import { GatewayError } from '../protocol/index.ts'
import { downloadMedia, MEDIA_DOWNLOAD_TIMEOUT_MS, mediaFailed, type UrlSource } from './download.ts'
import { readLocalMedia } from './local-file.ts'

export type MediaSource =
  /** A file served over HTTP(S) (Telegram, Slack, Discord), with any auth headers. */
  | UrlSource
  /** A file the provider's own program stored on this host (Signal, iMessage), confined to `root`. */
  | { file: string; root: string }
  /** Bytes only the SDK can produce (WhatsApp media is encrypted): it must stop at `maxBytes` and on `signal`. */
  | { read(maxBytes: number, signal: AbortSignal): Promise<Uint8Array> }

export async function readMedia(src: MediaSource, maxBytes: number, timeoutMs = MEDIA_DOWNLOAD_TIMEOUT_MS): Promise<Uint8Array> {
  if ('url' in src) return downloadMedia(src, maxBytes, timeoutMs)
  if ('file' in src) return readLocalMedia(src.root, src.file, maxBytes)
  const signal = AbortSignal.timeout(timeoutMs)
  try {
    const bytes = await src.read(maxBytes, signal)
    if (bytes.byteLength > maxBytes) throw mediaFailed(`the file is larger than ${maxBytes} bytes`, 'MEDIA_TOO_LARGE')
    return bytes
  } catch (err) {
    if (signal.aborted) throw mediaFailed(`the file download took longer than ${timeoutMs} ms`, 'MEDIA_FETCH_FAILED')
    if (err instanceof GatewayError) throw err
    throw mediaFailed(`the file download failed: ${(err as Error).message}`, 'MEDIA_FETCH_FAILED')
  }
}
