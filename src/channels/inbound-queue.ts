/**
 * The session queue (`messages.queue`): what an entry (one message, or a debounced batch from one
 * sender) does when its session already has a turn running. One turn runs per session at a time.
 *
 * - `steer` (default): offered to the running turn, which takes it at its next model call (between
 *   tool rounds; a tool call not yet started is skipped for it) and answers it in its reply. One that
 *   the turn did not take before it ended, or that goes elsewhere (another chat or thread of a shared
 *   session) or carries media, becomes a followup, under `cap` like any other. One from someone other
 *   than the turn's sender (a group) reaches the model under its sender's name.
 * - `followup`: waits, and runs as a turn of its own after the running one.
 * - `collect`: waits; what waits for the same chat and thread then runs as one turn.
 * - `interrupt`: the running turn is aborted (its reply is not sent), what its sender had waiting is
 *   dropped, and this entry runs once it has stopped (after what others had waiting).
 *
 * Waiting entries are drained once the queue has been quiet for its debounce (500 ms unless
 * `debounceMsByChannel` says otherwise). At most `cap` entries wait; past it `drop` applies: `old`
 * drops the oldest, `new` refuses the newest, `summarize` drops the oldest but the next turn carries a
 * one-line summary of each. `/stop` and `/new` drop only their sender's own entries: a session can be
 * shared (DMs share the main session by default). Each message is settled with the outcome of the
 * turn that answered it (or `done` when dropped), which is when its inbox row is marked answered:
 * nothing is lost to a crash.
 */
import type { DebouncedItem } from './inbound-debounce.ts'
import { collectPrompt, entryText, overflowSummary, senderName, summaryLine } from './inbound-queue-prompt.ts'
import type { QueueSettings } from './inbound-queue-settings.ts'
import type { InboundMessage } from './types.ts'

type Outcome = 'done' | 'later'

export interface QueuedItem extends DebouncedItem {
  /** Told once, with the outcome of the turn that answered the message. */
  settle(outcome: Outcome): void
}

/** Messages a running turn takes in at its next model call. */
interface SteerSource {
  /** Something waits to be taken (a tool call not yet started is skipped for it). */
  waiting(): boolean
  /** What waits, one text per entry, in arrival order; taken messages are answered by this turn. */
  take(): string[]
}

/** One turn the queue starts; the router runs it. */
export interface QueuedTurn<T extends QueuedItem> {
  sessionKey: string
  /** Every message the turn's prompt holds, oldest first (the last one is where the reply goes). */
  items: T[]
  /** The turn's message to the agent. */
  text: string
  /** It waited behind an earlier turn of its session. */
  queued: boolean
  steer: SteerSource
  /** The messages it answers besides `items`: those it took in by steering, and those its overflow summary stands for. */
  riders(): T[]
  /** Aborted to make way for a newer message (`interrupt`): its reply is not sent. */
  interrupted(): boolean
}

interface Active<T extends QueuedItem> {
  turn: QueuedTurn<T>
  /** Where its reply goes: only an entry for the same place may steer it. */
  place: string
  offered: T[][]
  /** Messages it took in, and those a summary it carries stands for: settled with it. */
  riders: T[]
  /** No longer takes entries (interrupted, or its session was stopped or reset). */
  closed: boolean
  interrupted: boolean
}

interface Lane<T extends QueuedItem> {
  active?: Active<T>
  waiting: T[][]
  /** Dropped under `summarize`: their summary lines ride on the next turn, and they are settled with it. */
  dropped: { line: string; entry: T[] }[]
  lastAddedAt: number
  timer?: ReturnType<typeof setTimeout>
}

const placeOf = (msg: InboundMessage) => [msg.provider, msg.accountId, msg.chat.id, msg.threadId ?? ''].join('\n')
const lastMsg = <T extends QueuedItem>(entry: T[]) => entry[entry.length - 1]!.msg
/** Who sent an entry, and where: what a sender's `/stop` or interrupt drops is theirs alone. */
const requesterOf = (msg: InboundMessage) => `${placeOf(msg)}\n${msg.sender.id}`
const fromRequester = (requester: string) => <T extends QueuedItem>(entry: T[]) => requesterOf(lastMsg(entry)) === requester

export function createInboundQueue<T extends QueuedItem>(opts: {
  /** The queue settings for a message's channel, read at each decision (config edits apply at once). */
  settings: (msg: InboundMessage) => QueueSettings
  /** Runs a turn; resolves with its outcome, never rejects. */
  run: (turn: QueuedTurn<T>) => Promise<Outcome>
  /** Aborts a running turn's agent run (`interrupt`). */
  abort: (turn: QueuedTurn<T>) => void
  /** False while the agent runtime is down (stopping): what waits is left for the next start. */
  ready: () => boolean
}) {
  const lanes = new Map<string, Lane<T>>()

  const settleAll = (items: Iterable<T>, outcome: Outcome) => {
    for (const item of items) item.settle(outcome)
  }

  function start(key: string, lane: Lane<T>, entries: T[][], queued: boolean): void {
    const summary = lane.dropped.length > 0 ? overflowSummary(lane.dropped.map((d) => d.line)) : undefined
    const riders = lane.dropped.flatMap((d) => d.entry)
    lane.dropped = []
    const body = entries.length > 1 ? collectPrompt(entries, summary) : [...(summary ? [summary] : []), entryText(entries[0]!)].join('\n\n')
    const starter = lastMsg(entries[entries.length - 1]!)
    const active: Active<T> = { turn: undefined as never, place: placeOf(starter), offered: [], riders, closed: false, interrupted: false }
    // The run speaks to the turn's sender: another member's words are given under their name.
    const steered = (entry: T[]) => {
      const { sender } = lastMsg(entry)
      return sender.id === starter.sender.id ? entryText(entry) : `${senderName(sender)}: ${entryText(entry)}`
    }
    active.turn = {
      sessionKey: key, items: entries.flat(), text: body, queued,
      steer: {
        // Closed (stopped, interrupted): what it was offered and did not take becomes a followup.
        waiting: () => !active.closed && active.offered.length > 0,
        take() {
          if (active.closed) return []
          const taken = active.offered
          active.offered = []
          active.riders.push(...taken.flat())
          return taken.map(steered)
        },
      },
      riders: () => active.riders,
      interrupted: () => active.interrupted,
    }
    lane.active = active
    void opts.run(active.turn).then((outcome) => {
      settleAll([...active.turn.items, ...active.riders], outcome)
      lane.active = undefined
      requeue(lane, active.offered)
      drain(key, lane)
    })
  }

  function drain(key: string, lane: Lane<T>): void {
    lane.timer = undefined
    const first = lane.waiting[0]
    if (!first) {
      settleAll(lane.dropped.flatMap((d) => d.entry), 'done')
      return void lanes.delete(key)
    }
    if (!opts.ready()) {
      settleAll([...lane.waiting.flat(), ...lane.dropped.flatMap((d) => d.entry)], 'later')
      return void lanes.delete(key)
    }
    const settings = opts.settings(lastMsg(first))
    const wait = settings.mode === 'interrupt' ? 0 : lane.lastAddedAt + settings.debounceMs - Date.now()
    if (wait > 0) return void (lane.timer = setTimeout(() => drain(key, lane), wait))
    const place = placeOf(lastMsg(first))
    const taken = settings.mode === 'collect' ? lane.waiting.filter((e) => placeOf(lastMsg(e)) === place) : [first]
    lane.waiting = lane.waiting.filter((e) => !taken.includes(e))
    start(key, lane, taken, true)
  }

  /** Makes room for one more waiting entry under `cap`; false when `drop: "new"` refuses it. */
  function admit(lane: Lane<T>, settings: QueueSettings): boolean {
    if (lane.waiting.length < settings.cap) return true
    if (settings.drop === 'new') return false
    const excess = lane.waiting.splice(0, lane.waiting.length - settings.cap + 1)
    if (settings.drop === 'old') settleAll(excess.flat(), 'done')
    else lane.dropped.push(...excess.map((entry) => ({ line: summaryLine(entry), entry })))
    return true
  }

  /** Waits behind what is already waiting, or is settled `done` when `drop: "new"` refuses it. */
  function enqueue(lane: Lane<T>, entry: T[]): void {
    if (admit(lane, opts.settings(lastMsg(entry)))) lane.waiting.push(entry)
    else settleAll(entry, 'done')
  }

  /**
   * Offered to a turn that ended without taking them: followups, ahead of what arrived after them,
   * admitted again in that order so `cap` and `drop` apply to them as to any other.
   */
  function requeue(lane: Lane<T>, untaken: T[][]): void {
    if (untaken.length === 0) return
    const after = lane.waiting
    lane.waiting = []
    for (const entry of [...untaken, ...after]) enqueue(lane, entry)
  }

  /** Settles what waits (and what the running turn was offered but has not taken) that `which` picks; the running turn takes no more. */
  function empty(key: string, lane: Lane<T>, outcome: Outcome, which: (entry: T[]) => boolean = () => true): void {
    const { active } = lane
    const offered = active?.offered.filter(which) ?? []
    if (active) (active.closed = true, (active.offered = active.offered.filter((e) => !which(e))))
    const dropped = lane.dropped.filter((d) => which(d.entry))
    settleAll([...lane.waiting.filter(which).flat(), ...offered.flat(), ...dropped.flatMap((d) => d.entry)], outcome)
    lane.waiting = lane.waiting.filter((e) => !which(e))
    lane.dropped = lane.dropped.filter((d) => !dropped.includes(d))
    if (active) return
    clearTimeout(lane.timer)
    if (lane.waiting.length === 0) lanes.delete(key)
    else drain(key, lane)
  }

  return {
    /** Takes one entry for the session `key`: started now when the session is idle, else per the queue mode. */
    add(key: string, entry: T[]): void {
      let lane = lanes.get(key)
      if (!lane) lanes.set(key, (lane = { waiting: [], dropped: [], lastAddedAt: 0 }))
      lane.lastAddedAt = Date.now()
      const { active } = lane
      if (!active && lane.waiting.length === 0) return start(key, lane, [entry], false)
      const settings = opts.settings(lastMsg(entry))
      if (settings.mode === 'interrupt') {
        // What this sender had waiting goes; what others had waiting stays and runs first, in arrival order.
        const mine = fromRequester(requesterOf(lastMsg(entry)))
        const dropped = lane.dropped.filter((d) => mine(d.entry))
        settleAll([...lane.waiting.filter(mine).flat(), ...dropped.flatMap((d) => d.entry)], 'done')
        lane.waiting = [...lane.waiting.filter((e) => !mine(e)), entry]
        lane.dropped = lane.dropped.filter((d) => !dropped.includes(d))
        if (active && !active.interrupted) {
          active.interrupted = active.closed = true
          settleAll(active.offered.filter(mine).flat(), 'done')
          active.offered = active.offered.filter((e) => !mine(e))
          opts.abort(active.turn)
        }
        if (!active) (clearTimeout(lane.timer), drain(key, lane))
        return
      }
      const steers = settings.mode === 'steer' && active && !active.closed && active.place === placeOf(lastMsg(entry)) && !entry.some((i) => i.media)
      if (steers) return void active.offered.push(entry)
      enqueue(lane, entry)
      if (!active) (clearTimeout(lane.timer), drain(key, lane))
    },
    /**
     * Drops what `requester`'s sender has waiting in its chat and thread, and closes the session's
     * running turn to steering (`/stop`, `/new`: the command aborts the run itself). Those messages are
     * settled `done`: their sender asked to stop. Others' messages stay, and run after the stopped turn.
     */
    clear(key: string, requester: InboundMessage): void {
      const lane = lanes.get(key)
      if (lane) empty(key, lane, 'done', fromRequester(requesterOf(requester)))
    },
    /** Everything waiting, for the gateway's stop: settled `later` (kept in the inbox for the next start). */
    release(): void {
      for (const [key, lane] of lanes) empty(key, lane, 'later')
    },
  }
}
