/**
 * `channels.<provider>.streaming` resolved to what the preview and block-reply code act on, with the
 * original's defaults (docs/concepts/streaming). Keys we accept but whose behaviour is not built are
 * named in `warnings`, logged once at load.
 */
import type { BreakPreference, ChunkMode, StreamingMode } from '../config/channels-schema.ts'
import type { Provider } from './types.ts'

/** The config block as written (the union of every provider's keys; each provider's schema allows its own). */
export interface StreamingKeys {
  mode?: StreamingMode
  chunkMode?: ChunkMode
  preview?: { chunk?: { minChars?: number; maxChars?: number; breakPreference?: BreakPreference }; toolProgress?: boolean; commandText?: CommandText }
  progress?: {
    label?: string | false
    labels?: string[]
    maxLines?: number
    maxLineChars?: number
    toolProgress?: boolean
    commandText?: CommandText
    commentary?: boolean
    narration?: boolean
    style?: 'card' | 'compact'
    nativeTaskCards?: boolean
  }
  block?: { enabled?: boolean; coalesce?: { minChars?: number; maxChars?: number; idleMs?: number } }
  nativeTransport?: boolean
}

/** `status` shows a tool line as the tool's name; `raw` adds the `command` argument of a tool that takes one. */
type CommandText = 'raw' | 'status'

export interface StreamingSettings {
  mode: StreamingMode
  chunkMode: ChunkMode
  /** `partial` and `block` previews. */
  preview: {
    /** `block` grows the preview by at least this many characters, at a break of this kind or stronger. */
    minChars: number
    /** `block` moves on to a new preview message once the current one would pass this many characters. */
    maxChars: number
    breakPreference: BreakPreference
    /** A line per running tool under the preview text until the answer goes on. */
    toolProgress: boolean
    commandText: CommandText
  }
  /** The `progress` status draft. */
  progress: {
    /** The draft's title line; false hides it. */
    label: string | false
    maxLines: number
    maxLineChars: number
    /** A line per tool the agent runs. */
    toolProgress: boolean
    commandText: CommandText
    /** What the model says before a tool call, as a 💬 line. */
    commentary: boolean
  }
  /** The answer sent as separate messages while it is written (block replies), instead of any preview. */
  block: { enabled: boolean; minChars: number; maxChars: number; idleMs: number }
  /** Slack: a `partial` preview in a thread streams through chat.startStream / appendStream / stopStream. */
  nativeTransport: boolean
}

/** The original's preview default per channel: a progress draft on Telegram and Slack, none elsewhere. */
const MODE_DEFAULT: Record<Provider, StreamingMode> = {
  telegram: 'progress', slack: 'progress', discord: 'off', whatsapp: 'off', signal: 'off', imessage: 'off',
}
/** Block replies merge up to this much text before a message goes (Discord, Signal and Slack wait for more). */
const BLOCK_MIN_CHARS: Record<Provider, number> = {
  telegram: 800, slack: 1500, discord: 1500, whatsapp: 800, signal: 1500, imessage: 800,
}
const BLOCK_MAX_CHARS = 1200
const BLOCK_IDLE_MS = 1000
const AUTO_LABEL = 'Working…'

export function resolveStreaming(provider: Provider, keys: StreamingKeys = {}): { settings: StreamingSettings; warnings: string[] } {
  const warnings: string[] = []
  const { preview = {}, progress = {}, block = {} } = keys
  if (progress.narration) warnings.push('streaming.progress.narration is not supported (no utility model writes a headline); the draft shows its label')
  if (progress.style === 'card') warnings.push('streaming.progress.style "card" is not supported; Slack progress uses the compact text draft')
  if (progress.nativeTaskCards !== undefined) warnings.push('streaming.progress.nativeTaskCards is not supported; Slack progress uses the compact text draft')
  const labels = progress.labels?.filter((l) => l.trim()) ?? []
  const label = progress.label === false ? false
    : progress.label !== undefined && progress.label !== 'auto' ? progress.label
    : labels.length > 0 ? labels[Math.floor(Math.random() * labels.length)]! : AUTO_LABEL
  const blockMin = block.coalesce?.minChars ?? BLOCK_MIN_CHARS[provider]
  return {
    warnings,
    settings: {
      mode: keys.mode ?? MODE_DEFAULT[provider],
      chunkMode: keys.chunkMode ?? 'length',
      preview: {
        minChars: preview.chunk?.minChars ?? 200,
        maxChars: preview.chunk?.maxChars ?? 800,
        breakPreference: preview.chunk?.breakPreference ?? 'paragraph',
        toolProgress: preview.toolProgress ?? true,
        commandText: preview.commandText ?? 'status',
      },
      progress: {
        label,
        maxLines: progress.maxLines ?? 8,
        maxLineChars: progress.maxLineChars ?? 120,
        toolProgress: progress.toolProgress ?? false,
        commandText: progress.commandText ?? 'status',
        commentary: progress.commentary ?? false,
      },
      block: {
        enabled: block.enabled ?? false,
        minChars: blockMin,
        maxChars: Math.max(block.coalesce?.maxChars ?? BLOCK_MAX_CHARS, blockMin),
        idleMs: block.coalesce?.idleMs ?? BLOCK_IDLE_MS,
      },
      nativeTransport: keys.nativeTransport ?? true,
    },
  }
}
