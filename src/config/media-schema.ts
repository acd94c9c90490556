/**
 * `tools.media`: inbound media understanding, with the original's key names. This gateway acts on
 * audio (voice notes and audio files transcribed through an OpenAI-compatible
 * `/audio/transcriptions` endpoint); images already reach vision models as images. Keys outside this
 * shape (`tools.media.image`, `concurrency`…) are reported as unsupported at load; per-entry keys that
 * do nothing here (CLI entries, auth profiles) are warned about by media-settings.ts.
 */
import { Type, type Static } from '@sinclair/typebox'

const Limits = {
  prompt: Type.Optional(Type.String()),
  maxChars: Type.Optional(Type.Integer({ minimum: 1 })),
  maxBytes: Type.Optional(Type.Integer({ minimum: 1 })),
  timeoutSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  language: Type.Optional(Type.String({ minLength: 1 })),
}

/** One `tools.media.models[]` entry: a provider (OpenAI-compatible here) or a CLI, for the capabilities it lists. */
const MediaModelEntry = Type.Object({
  type: Type.Optional(Type.Union([Type.Literal('provider'), Type.Literal('cli')])),
  provider: Type.Optional(Type.String({ minLength: 1 })),
  model: Type.Optional(Type.String({ minLength: 1 })),
  /** The provider's API root, e.g. `https://api.openai.com/v1` (default: `models.providers.<provider>.baseUrl`). */
  baseUrl: Type.Optional(Type.String({ minLength: 1 })),
  headers: Type.Optional(Type.Record(Type.String(), Type.String())),
  capabilities: Type.Optional(Type.Array(Type.Union([Type.Literal('image'), Type.Literal('audio'), Type.Literal('video')]))),
  command: Type.Optional(Type.String()),
  args: Type.Optional(Type.Array(Type.String())),
  profile: Type.Optional(Type.String()),
  preferredProfile: Type.Optional(Type.String()),
  ...Limits,
})
export type MediaModelEntry = Static<typeof MediaModelEntry>

const AudioConfig = Type.Object({
  /** `false` turns transcription off; unset, configured entries are used, else an audio-capable provider is found. */
  enabled: Type.Optional(Type.Boolean()),
  /** `provider/model` or a model id: matching entries are tried first. */
  preferredModel: Type.Optional(Type.String({ minLength: 1 })),
  /** Send the transcript back to the chat before the agent answers. */
  echoTranscript: Type.Optional(Type.Boolean()),
  /** The echo's text; `{transcript}` is replaced. */
  echoFormat: Type.Optional(Type.String()),
  /** Legacy: audio entries kept here before `tools.media.models` existed. */
  models: Type.Optional(Type.Array(MediaModelEntry)),
  ...Limits,
})

export const ToolsConfig = Type.Object({
  media: Type.Optional(Type.Object({ models: Type.Optional(Type.Array(MediaModelEntry)), audio: Type.Optional(AudioConfig) })),
})
