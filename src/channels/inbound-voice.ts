/**
 * Voice notes and audio files for the agent: the first audio attachment of a message is read (within
 * the transcribers' byte limit) and sent to each configured transcriber in turn until one answers
 * (media/transcribe.ts). The model then reads the original's `[Audio]` block (`User text:` with the
 * caption, `Transcript:`) instead of the bare message. When nothing can transcribe it, the model reads
 * the original's marker and the sender is told once, in the chat; a transcriber that fails or hangs
 * costs only its timeout, and the turn still answers.
 */
import type { AudioSettings } from '../config/media-settings.ts'
import { logger } from '../log.ts'
import { readMedia } from '../media/source.ts'
import { transcribe } from '../media/transcribe.ts'
import { describeError } from './errors.ts'
import type { LocateMedia } from './inbound-media.ts'
import type { Attachment } from './types.ts'

const log = logger('channels')

/** The original's markers for audio the model cannot hear, word for word. */
const MARKERS = {
  disabled: '[Audio attachment not analyzed: audio understanding is disabled]',
  unconfigured: '[Audio attachment not analyzed: no audio-understanding model is configured]',
  failed: '[Audio attachment could not be analyzed]',
  tooSmall: '[Voice note could not be transcribed because the audio attachment was too small]',
  notSelected: '[Audio attachment not processed: attachment limit reached]',
}
/** Shorter than this is no speech (an empty or broken recording): not worth a transcriber call. */
const MIN_AUDIO_BYTES = 1024

const NOTICES = {
  disabled: 'OpenClaw: voice messages are not transcribed here, so I cannot listen to yours. Please type your message.',
  unconfigured: 'OpenClaw: I cannot listen to voice messages here: no speech-to-text model is configured (tools.media.audio). Please type your message.',
}

export const isAudio = (a: Attachment) => a.kind === 'voice' || a.kind === 'audio' || (a.kind === 'document' && a.mimeType?.startsWith('audio/') === true)

export interface VoiceOutcome {
  /** The message text as the model reads it. */
  body: string
  /** The transcript, when one was made (echoed to the chat with `echoTranscript`). */
  transcript?: string
  /** What the sender is told when voice cannot be transcribed here at all. */
  notice?: string
}

/** What one audio attachment says: its transcript, or the marker the model reads instead. */
export interface Heard { transcript?: string; marker?: string }

/** `heard`: the first attachment was transcribed already (a group's mention preflight); it is not sent again. */
export async function transcribeVoice(text: string, audios: Attachment[], locate: LocateMedia | undefined, audio: AudioSettings, heard?: Heard): Promise<VoiceOutcome> {
  const [first, ...rest] = audios
  const skipped = rest.map(() => MARKERS.notSelected)
  if (audio.off) return { body: join(text, [MARKERS[audio.off], ...skipped]), notice: NOTICES[audio.off] }
  const result = heard ?? await hearAudio(first!, locate, audio)
  if (result.marker) return { body: join(text, [result.marker, ...skipped]) }
  const block = `[Audio]\n${text.trim() ? `User text:\n${text.trim()}\n` : ''}Transcript:\n${result.transcript || '(no speech)'}`
  return { body: join(block, skipped), transcript: result.transcript }
}

const join = (body: string, notes: string[]) => [body, ...notes].filter(Boolean).join('\n\n')

export async function hearAudio(a: Attachment, locate: LocateMedia | undefined, audio: AudioSettings): Promise<Heard> {
  const label = a.name ?? a.id ?? a.kind
  if (a.size !== undefined && a.size > audio.maxBytes) {
    log.debug(`${label}: ${a.size} bytes is over the audio limit (${audio.maxBytes}); not transcribed`)
    return { marker: MARKERS.failed }
  }
  let bytes: Uint8Array
  try {
    const source = await locate?.(a)
    if (!source) return { marker: MARKERS.failed }
    bytes = await readMedia(source, audio.maxBytes, audio.timeoutMs)
  } catch (err) {
    log.debug(`${label}: not downloaded: ${describeError(err)}`)
    return { marker: MARKERS.failed }
  }
  if (bytes.byteLength < MIN_AUDIO_BYTES) return { marker: MARKERS.tooSmall }
  for (const t of audio.transcribers) {
    if (bytes.byteLength > t.maxBytes) continue
    try {
      return { transcript: await transcribe(t, { bytes, mimeType: a.mimeType, name: a.name }) }
    } catch (err) {
      log.warn(`${label}: transcription failed: ${describeError(err)}`)
    }
  }
  return { marker: MARKERS.failed }
}
