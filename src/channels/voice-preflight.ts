/**
 * The original's audio preflight (docs/nodes/audio "Mention detection in groups"): in a group that
 * wants a mention, a voice note without text is transcribed before the mention check, so saying the
 * bot's name (a mention pattern) counts as mentioning it. Only the first audio attachment is heard,
 * and what it said is handed to the turn, which does not transcribe it again. When it cannot be
 * transcribed, only a typed mention counts, as before.
 */
import type { AudioSettings } from '../config/media-settings.ts'
import type { LocateMedia } from './inbound-media.ts'
import { hearAudio, isAudio, type Heard } from './inbound-voice.ts'
import { mentionsByPattern } from './mention-patterns.ts'
import type { InboundMessage } from './types.ts'

/** Whether `msg`, kept from a turn for want of a mention, is a voice note worth hearing first. */
export function wantsPreflight(msg: InboundMessage, audio: AudioSettings): boolean {
  return !msg.text.trim() && !audio.off && msg.attachments.some(isAudio)
}

/** The first audio attachment heard, and whether what it said mentions the bot. */
export async function preflightVoice(msg: InboundMessage, locate: LocateMedia | undefined, audio: AudioSettings, patterns: RegExp[]): Promise<{ heard: Heard; mentioned: boolean }> {
  const heard = await hearAudio(msg.attachments.find(isAudio)!, locate, audio)
  return { heard, mentioned: !!heard.transcript && mentionsByPattern(heard.transcript, patterns) }
}
