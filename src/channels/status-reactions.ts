/**
 * The reaction on one inbound message through its turn (`messages.statusReactions`, as the original
 * shows it): the acknowledgement while it waits (queued), then 🧠 while the model thinks, a tool's
 * emoji while one runs (status-tool-emoji.ts), ⏳ after 10 s without a change and ⚠️ after 30 s,
 * and ✅ or ❌ at the end, held 1.5 s or 2.5 s before the acknowledgement comes back.
 *
 * Provider calls are made one at a time, in order. Intermediate phases wait 700 ms (a newer phase
 * within that time replaces the pending one, so a fast turn never flickers through them); the
 * acknowledgement and the end are shown at once, and once the turn has ended later phases are
 * ignored. The original made `emojis` and `timing` fixed ("curated defaults"); these are they.
 *
 * Where the provider keeps one reaction per account on a message (Telegram, WhatsApp, Signal), each
 * phase replaces the last. Elsewhere (Discord, Slack) reactions add up: the old ones are taken back
 * only at the end, so nothing flickers in between. With `activity: false` (Discord, Slack: the
 * original keeps their acknowledgement still) every phase is the acknowledgement, and only an error
 * shows, as a brief ❌. A call the provider refuses goes to `failed` and never reaches the turn.
 */
import { toolEmoji } from './status-tool-emoji.ts'

const STATUS_EMOJIS = { thinking: '🧠', done: '✅', error: '❌', stallSoft: '⏳', stallHard: '⚠️' } as const

interface StatusTiming {
  debounceMs: number
  stallSoftMs: number
  stallHardMs: number
  doneHoldMs: number
  errorHoldMs: number
}

const TIMING: StatusTiming = { debounceMs: 700, stallSoftMs: 10_000, stallHardMs: 30_000, doneHoldMs: 1500, errorHoldMs: 2500 }

/** How the message's reactions are changed. */
export interface ReactionPort {
  add(emoji: string): Promise<void>
  remove(emoji: string): Promise<void>
  /** A new reaction of this account replaces its previous one on the message (one slot). */
  replaces: boolean
}

export interface StatusOptions {
  /** The acknowledgement: the queued phase, and what the message shows again after the end. */
  initial: string
  /** Show thinking, tools, stalls and done; false keeps the acknowledgement and flashes only errors. */
  activity: boolean
  /** With `activity: false`: errors flash too (false: a plain acknowledgement that never changes). */
  flashErrors: boolean
  /** The acknowledgement is already on the message (put there by an earlier attempt at its turn). */
  alreadyShown?: boolean
  failed(action: 'add' | 'remove', emoji: string, err: unknown): void
  /** The acknowledgement went on, told once (the message records it, so a retried turn does not set it again). */
  shown?(): void
  timing?: Partial<StatusTiming>
}

export function createStatusReactions(port: ReactionPort, opts: StatusOptions) {
  const timing = { ...TIMING, ...opts.timing }
  const { initial } = opts
  /** Reactions of ours on the message (one at most where the provider replaces). */
  const active = new Set<string>(opts.alreadyShown ? [initial] : [])
  let current = opts.alreadyShown ? initial : ''
  let announced = opts.alreadyShown === true
  let pending = ''
  let finished = false
  let chain: Promise<void> = Promise.resolve()
  let debounce: Timer | undefined
  let stalls: Timer[] = []

  const enqueue = (step: () => Promise<void>) => (chain = chain.then(step))
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(fn, ms)
    t.unref?.()
    return t
  }

  async function show(emoji: string): Promise<void> {
    // Already ours on the message (on a one-slot provider only the current one is).
    if (active.has(emoji)) return void (current = emoji)
    try {
      await port.add(emoji)
    } catch (err) {
      return opts.failed('add', emoji, err)
    }
    if (port.replaces) active.clear()
    active.add(emoji)
    current = emoji
    if (emoji === initial && !announced) (announced = true, opts.shown?.())
  }

  /** Takes back every reaction of ours but `keep` (on a one-slot provider, `keep` already replaced them). */
  async function removeAllBut(keep: string | undefined): Promise<void> {
    for (const emoji of [...active]) {
      if (emoji === keep) continue
      if (!port.replaces || keep === undefined) {
        await port.remove(emoji).catch((err) => opts.failed('remove', emoji, err))
      }
      active.delete(emoji)
    }
    if (keep === undefined) current = ''
  }

  function clearTimers(): void {
    clearTimeout(debounce)
    debounce = undefined
    for (const t of stalls) clearTimeout(t)
    stalls = []
  }

  function restartStallTimers(): void {
    if (!opts.activity) return
    for (const t of stalls) clearTimeout(t)
    stalls = [
      later(timing.stallSoftMs, () => schedule(STATUS_EMOJIS.stallSoft, { now: true, stall: true })),
      later(timing.stallHardMs, () => schedule(STATUS_EMOJIS.stallHard, { now: true, stall: true })),
    ]
  }

  function schedule(requested: string, how: { now?: boolean; stall?: boolean } = {}): void {
    if (finished) return
    const emoji = opts.activity ? requested : initial
    if (!how.stall) restartStallTimers()
    if (emoji === current || emoji === pending) return
    pending = emoji
    clearTimeout(debounce)
    const apply = () => enqueue(async () => {
      if (pending !== emoji) return
      pending = ''
      await show(emoji)
    })
    if (how.now) void apply()
    else debounce = later(timing.debounceMs, () => void apply())
  }

  /** The turn's last phase: shown at once, the others taken back, held for `holdMs`. */
  function finish(emoji: string, holdMs: number): Promise<void> {
    if (finished) return chain
    finished = true
    clearTimers()
    pending = ''
    return enqueue(async () => {
      await show(emoji)
      await removeAllBut(emoji)
      if (holdMs > 0) await new Promise<void>((resolve) => later(holdMs, resolve))
    })
  }

  return {
    /** The acknowledgement, at once (a no-op when it is already there). Settles once the call has. */
    queued(): Promise<void> {
      schedule(initial, { now: true })
      return chain
    },
    thinking: () => schedule(STATUS_EMOJIS.thinking),
    tool: (name: string) => schedule(toolEmoji(name)),
    /** The turn answered: ✅ held, where activity shows (else nothing changes). */
    done: (): Promise<void> => (opts.activity ? finish(STATUS_EMOJIS.done, timing.doneHoldMs) : finish(initial, 0)),
    /** The turn failed: ❌ held (a plain acknowledgement stays as it is). */
    error: (): Promise<void> => (opts.activity || opts.flashErrors ? finish(STATUS_EMOJIS.error, timing.errorHoldMs) : finish(initial, 0)),
    /** Back to the acknowledgement alone (after the end, or when the turn is put off for later). */
    restore(): Promise<void> {
      clearTimers()
      pending = ''
      return enqueue(async () => {
        if (current !== initial) await show(initial)
        if (current === initial) await removeAllBut(initial)
      })
    },
    /** Takes back every reaction of ours (`removeAckAfterReply`). */
    clear(): Promise<void> {
      finished = true
      clearTimers()
      pending = ''
      return enqueue(() => removeAllBut(undefined))
    },
  }
}
