/**
 * `tools.media.audio` resolved: the transcribers a voice note goes to, in order, with their limits.
 * Entries are `tools.media.models[]` tagged `audio` (or untagged, for a provider whose only use is
 * audio), then the legacy `tools.media.audio.models`. With none and `enabled` not false, the first
 * configured model provider that serves OpenAI's transcription endpoint (Groq, then OpenAI, then
 * Mistral) is used with its default model, as the original auto-detects. Credentials come from
 * `models.providers.<id>` (or `<PROVIDER>_API_KEY`), never from the entry. An API root must be https,
 * or http to a loopback host. Pure; keys that do nothing here are returned as warnings.
 */
import type { ProviderSettings } from './agent-settings.ts'
import type { MediaModelEntry } from './media-schema.ts'
import type { GatewayFileConfig } from './schema.ts'
import { isSecureUrl } from './settings.ts'

export interface Transcriber {
  /** `provider/model`, as logs and `preferredModel` name it. */
  ref: string
  /** The full endpoint: `<API root>/audio/transcriptions`. */
  url: string
  model: string
  headers: Record<string, string>
  language?: string
  prompt?: string
  maxBytes: number
  timeoutMs: number
  maxChars?: number
}

export interface AudioSettings {
  transcribers: Transcriber[]
  /** Why none runs: turned off (`enabled: false`), or nothing configured or found. */
  off?: 'disabled' | 'unconfigured'
  /** The most any transcriber takes: the download limit for a voice note. */
  maxBytes: number
  /** How long the voice note's download may take. */
  timeoutMs: number
  /** `echoFormat` when `echoTranscript` is on: the transcript is sent back to the chat first. */
  echoFormat?: string
}

export interface MediaSettings {
  audio: AudioSettings
  warnings: string[]
}

const DEFAULT_MAX_BYTES = 20 * 1024 * 1024
const DEFAULT_TIMEOUT_SECONDS = 60
const DEFAULT_ECHO_FORMAT = '📝 "{transcript}"'

/** Providers that serve OpenAI's `/audio/transcriptions`, in the original's auto-detect order. */
const AUDIO_PROVIDERS: Record<string, { model: string; baseUrl: string }> = {
  groq: { model: 'whisper-large-v3-turbo', baseUrl: 'https://api.groq.com/openai/v1' },
  openai: { model: 'gpt-4o-transcribe', baseUrl: 'https://api.openai.com/v1' },
  mistral: { model: 'voxtral-mini-latest', baseUrl: 'https://api.mistral.ai/v1' },
}
/** Providers the original uses for audio when an entry lists no capabilities. */
const AUDIO_ONLY_PROVIDERS = ['groq', 'mistral', 'xai', 'deepgram', 'senseaudio', 'elevenlabs']

type Audio = NonNullable<NonNullable<NonNullable<GatewayFileConfig['tools']>['media']>['audio']>

export function resolveMediaSettings(
  config: GatewayFileConfig,
  providers: Record<string, ProviderSettings>,
  env: Record<string, string | undefined>,
  problems: string[],
): MediaSettings {
  const media = config.tools?.media ?? {}
  const audio: Audio = media.audio ?? {}
  const warnings: string[] = []
  const limits = { maxBytes: audio.maxBytes ?? DEFAULT_MAX_BYTES, timeoutMs: Math.round((audio.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000) }
  const echoFormat = audio.echoTranscript ? (audio.echoFormat ?? DEFAULT_ECHO_FORMAT) : undefined
  if (audio.echoFormat !== undefined && !audio.echoTranscript) warnings.push('tools.media.audio.echoFormat: ignored while echoTranscript is off')
  if (audio.models) warnings.push('tools.media.audio.models: read as tools.media.models entries tagged "audio"; move them there')
  if (audio.enabled === false) return { audio: { transcribers: [], off: 'disabled', ...limits }, warnings }

  const entries = [
    ...(media.models ?? []).map((e, i) => ({ e, at: `tools.media.models[${i}]` })).filter(({ e }) => forAudio(e)),
    ...(audio.models ?? []).map((e, i) => ({ e, at: `tools.media.audio.models[${i}]` })),
  ]
  const transcribers: Transcriber[] = []
  for (const { e, at } of entries) {
    if (e.type === 'cli') {
      warnings.push(`${at}: CLI entries are not run by this gateway; only OpenAI-compatible providers transcribe`)
      continue
    }
    if (e.profile || e.preferredProfile) warnings.push(`${at}: auth profiles are not supported; the key comes from models.providers.${e.provider ?? '<provider>'}.apiKey`)
    const made = fromEntry(e, at, providers, env, audio, problems, warnings)
    if (made) transcribers.push(made)
  }
  if (entries.length === 0) {
    const found = Object.keys(AUDIO_PROVIDERS).map((id) => providers[id]).find((p) => p && p.api === 'openai-completions' && secureRoot(p.baseUrl))
    if (found) transcribers.push(makeTranscriber(found.id, AUDIO_PROVIDERS[found.id]!.model, found.baseUrl, authHeaders(found.apiKey, found.headers), {}, audio))
  }
  const preferred = audio.preferredModel
  const ordered = preferred ? [...transcribers.filter((t) => matches(t, preferred)), ...transcribers.filter((t) => !matches(t, preferred))] : transcribers
  return {
    audio: {
      transcribers: ordered,
      ...(ordered.length === 0 && { off: 'unconfigured' as const }),
      maxBytes: Math.max(limits.maxBytes, ...ordered.map((t) => t.maxBytes)),
      timeoutMs: limits.timeoutMs,
      ...(echoFormat && { echoFormat }),
    },
    warnings,
  }
}

function forAudio(e: MediaModelEntry): boolean {
  return e.capabilities ? e.capabilities.includes('audio') : AUDIO_ONLY_PROVIDERS.includes(e.provider ?? '')
}

const matches = (t: Transcriber, ref: string) => t.ref === ref || t.model === ref || t.ref.startsWith(`${ref.replace(/^provider:/, '')}/`)

function fromEntry(
  e: MediaModelEntry, at: string, providers: Record<string, ProviderSettings>, env: Record<string, string | undefined>,
  audio: Audio, problems: string[], warnings: string[],
): Transcriber | undefined {
  if (!e.provider) {
    problems.push(`${at}.provider: a provider entry needs a provider id (e.g. "openai")`)
    return undefined
  }
  const configured = providers[e.provider]
  if (configured && configured.api !== 'openai-completions') {
    warnings.push(`${at}: provider "${e.provider}" (api ${configured.api}) has no OpenAI-compatible transcription endpoint; entry skipped`)
    return undefined
  }
  const root = (e.baseUrl ?? configured?.baseUrl ?? AUDIO_PROVIDERS[e.provider]?.baseUrl)?.replace(/\/+$/, '')
  const model = e.model ?? AUDIO_PROVIDERS[e.provider]?.model
  if (!root || !model) {
    problems.push(`${at}: provider "${e.provider}" needs ${!root ? 'a baseUrl (here or in models.providers)' : 'a model'}`)
    return undefined
  }
  if (!secureRoot(root)) {
    problems.push(`${at}.baseUrl: must be https (http only to a loopback host): ${root}`)
    return undefined
  }
  const key = configured?.apiKey ?? env[`${e.provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`]
  return makeTranscriber(e.provider, model, root, authHeaders(key, { ...configured?.headers, ...e.headers }), e, audio)
}

function makeTranscriber(provider: string, model: string, root: string, headers: Record<string, string>, own: MediaModelEntry, audio: Audio): Transcriber {
  const language = own.language ?? audio.language
  const prompt = own.prompt ?? audio.prompt
  const maxChars = own.maxChars ?? audio.maxChars
  return {
    ref: `${provider}/${model}`, url: `${root}/audio/transcriptions`, model, headers,
    maxBytes: own.maxBytes ?? audio.maxBytes ?? DEFAULT_MAX_BYTES,
    timeoutMs: Math.round((own.timeoutSeconds ?? audio.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000),
    ...(language && { language }), ...(prompt && { prompt }), ...(maxChars && { maxChars }),
  }
}

function authHeaders(apiKey: string | undefined, headers: Record<string, string> = {}): Record<string, string> {
  return { ...(apiKey && { authorization: `Bearer ${apiKey}` }), ...headers }
}

/** A voice note and a key never cross the network in clear. */
function secureRoot(root: string): boolean {
  return URL.canParse(root) && isSecureUrl(new URL(root))
}
