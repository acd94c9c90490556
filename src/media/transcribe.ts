/**
 * Speech to text through an OpenAI-compatible `POST <API root>/audio/transcriptions` (OpenAI, Groq,
 * Mistral, a local whisper server): multipart `file` and `model`, with `language` and `prompt` when
 * set; the answer is JSON `{ text }`. One attempt within the transcriber's timeout, the answer read
 * within a bound. Every failure is a GatewayError with a `TRANSCRIPTION_*` code, and its message never
 * carries the key.
 */
import type { Transcriber } from '../config/media-settings.ts'
import { errorDetail } from '../http/error-detail.ts'
import { readBounded } from '../http/http-body.ts'
import { GatewayError } from '../protocol/index.ts'

/** A transcript is text; an answer far beyond any real one is refused rather than read. */
const MAX_ANSWER_BYTES = 1024 * 1024

export interface AudioFile {
  bytes: Uint8Array
  mimeType?: string
  name?: string
}

type Code = 'TRANSCRIPTION_FAILED' | 'TRANSCRIPTION_TIMEOUT' | 'TRANSCRIPTION_REFUSED'
const failed = (t: Transcriber, message: string, code: Code, extra: Record<string, unknown> = {}) =>
  new GatewayError('UNAVAILABLE', `${t.ref}: ${message}`, { code, transcriber: t.ref, ...extra })

export async function transcribe(t: Transcriber, audio: AudioFile): Promise<string> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(audio.bytes)], { type: audio.mimeType ?? 'application/octet-stream' }), fileName(audio))
  form.append('model', t.model)
  if (t.language) form.append('language', t.language)
  if (t.prompt) form.append('prompt', t.prompt)
  const signal = AbortSignal.timeout(t.timeoutMs)
  try {
    const res = await fetch(t.url, { method: 'POST', headers: t.headers, body: form, signal, redirect: 'error' })
    const body = await answerText(res)
    if (!res.ok) {
      const code = res.status === 401 || res.status === 403 || res.status === 400 || res.status === 413 || res.status === 415 ? 'TRANSCRIPTION_REFUSED' : 'TRANSCRIPTION_FAILED'
      throw failed(t, `HTTP ${res.status}: ${errorDetail(body) || 'no detail'}`, code, { status: res.status })
    }
    const text = (parse(body) as { text?: unknown } | undefined)?.text
    if (typeof text !== 'string') throw failed(t, 'the answer has no text', 'TRANSCRIPTION_FAILED')
    const trimmed = text.trim()
    return t.maxChars && trimmed.length > t.maxChars ? trimmed.slice(0, t.maxChars) : trimmed
  } catch (err) {
    if (err instanceof GatewayError) throw err
    if (signal.aborted) throw failed(t, `no answer within ${t.timeoutMs} ms`, 'TRANSCRIPTION_TIMEOUT')
    throw failed(t, `cannot reach ${new URL(t.url).origin}`, 'TRANSCRIPTION_FAILED')
  }
}

/** The endpoint tells the format by the file name's extension, so a name without a known one gets it from the type. */
function fileName(audio: AudioFile): string {
  if (audio.name && /\.(flac|mp3|mp4|mpeg|mpga|m4a|ogg|oga|opus|wav|webm|aac|amr)$/i.test(audio.name)) return audio.name
  const sub = audio.mimeType?.split(';')[0]!.trim().split('/')[1] ?? ''
  const ext = ({ mpeg: 'mp3', 'x-m4a': 'm4a', mp4: 'm4a', aac: 'm4a', 'x-wav': 'wav', wave: 'wav', opus: 'ogg' } as Record<string, string>)[sub] ?? (/^[a-z0-9]+$/.test(sub) ? sub : 'ogg')
  return `audio.${ext}`
}

async function answerText(res: Response): Promise<string> {
  const bytes = await readBounded(res, MAX_ANSWER_BYTES)
  if (!bytes) throw new GatewayError('UNAVAILABLE', 'the transcription answer is too large', { code: 'TRANSCRIPTION_FAILED' })
  return new TextDecoder().decode(bytes)
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
