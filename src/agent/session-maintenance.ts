/**
 * `session.maintenance` at work (config/maintenance-settings.ts says what each key means). A pass
 * removes the sessions `pruneAfter` and `maxEntries` select, agent by agent, measures each agent against
 * `maxDiskBytes` (enforceBudget), then deletes the transcript rows left behind (by pruning,
 * `sessions.delete`, resets and `sessions.compact`) and the rows other tables keep past their time
 * (store/table-retention.ts), and returns the freed pages to the file system. It runs every few minutes, when the settings change, and on
 * `sessions.cleanup`. bun:sqlite is synchronous, so whatever holds the database holds the gateway:
 * a pass is cut into batches of a few milliseconds each (BATCH_*), every batch a savepoint of the
 * group commit, with a rest between them (REST_*) for the turns, frames and commits waiting. While
 * turns run (one is in flight or ended within the last second) the batches are shorter and the rests
 * longer (BUSY_*): a turn waits for one short batch at most, and the pass goes on slowly instead of stopping.
 * The settings are read at each batch, so an edit applies to the pass under way.
 */
import type { MaintenanceSettings } from '../config/maintenance-settings.ts'
import { logger } from '../log.ts'
import type { RetentionCandidate, SessionRetention } from '../store/session-retention.ts'
import type { TableRetention } from '../store/table-retention.ts'

const log = logger('sessions')

/** Sessions removed per batch, at most. */
const BATCH_SESSIONS = 20
/** Rows (transcript or other) deleted per statement, at most: under a millisecond of work (bench:retention). */
const BATCH_ROWS = 25
/** A batch stops early once it has held the database this long. */
const BATCH_BUDGET_MS = 4
/**
 * After a batch the pass rests three times as long as the batch held the database (at most 50 ms):
 * when no turn runs it takes at most a quarter of the event loop.
 */
const REST_FACTOR = 3
const MAX_REST_MS = 50
/** While turns run: a batch's budget, and the rest after it (the pass takes about 1/25 of the loop). */
const BUSY_BUDGET_MS = 1
const BUSY_REST_MS = 25
/** Vacuum batches per pass, at most (each returns 128 KB): a huge backlog is worked off over several passes. */
const VACUUM_BATCHES = 2048
/** Sessions whose transcript bytes are summed per step of a budget measure (well under a millisecond). */
const MEASURE_ROWS = 500

interface CleanupRequest {
  agentIds: string[]
  /** Count what would go, change nothing. */
  dryRun?: boolean
  /** Apply the limits even in `mode: "warn"`. */
  enforce?: boolean
  /** A session to keep whatever the limits say. */
  activeKey?: string
}

const overBudget = (b: DiskBudgetSummary | null): string => (b?.overBudget ? `, ${b.totalBytesBefore} bytes of transcripts over maxDiskBytes ${b.maxBytes}` : '')

/** One agent's result, with the original's `sessions cleanup` field names. */
interface CleanupSummary {
  agentId: string
  mode: MaintenanceSettings['mode']
  dryRun: boolean
  beforeCount: number
  afterCount: number
  /** Removed (or, without `applied`, due to go) for `pruneAfter`. */
  pruned: number
  /** Removed (or due to go) for `maxEntries`. */
  capped: number
  wouldMutate: boolean
  applied?: true
  /** `maxDiskBytes` (null: none), with the original's field names; bytes are the agent's transcripts' here. */
  diskBudget: DiskBudgetSummary | null
}

interface DiskBudgetSummary {
  totalBytesBefore: number
  totalBytesAfter: number
  /**
   * Sessions the budget removed: always 0 here. The original's budget deletes only sessions already archived
   * by `maxEntries`; this gateway keeps no archives, and the budget never removes a live session.
   */
  removedEntries: number
  freedBytes: number
  maxBytes: number
  highWaterBytes: number
  overBudget: boolean
}

export interface SessionMaintenance {
  start(): void
  stop(): void
  /** A pass soon (the settings changed). */
  schedule(): void
  /** Runs a pass now (after any pass under way) and reports each agent. */
  cleanup(req: CleanupRequest): Promise<CleanupSummary[]>
  /** Called with the sessions each batch removed. */
  onRemoved(listener: (removed: RetentionCandidate[]) => void): void
  /** How long each batch held the database (ms), for the benchmark; cleared on read. */
  takeBatchTimes(): number[]
}

export function createSessionMaintenance(deps: {
  retention: SessionRetention
  tables: TableRetention
  /** Copies the WAL into the database file, off the event loop: that is when the file shrinks. */
  checkpoint: () => Promise<void>
  settings: () => MaintenanceSettings
  /** A session with a run queued or running is never removed. */
  isBusy: (sessionKey: string) => boolean
  /** Whether turns are running (one is queued or running, or ended within the last second): the pass then yields most of the loop. */
  turnsRunning: () => boolean
}): SessionMaintenance {
  const removedListeners = new Set<(removed: RetentionCandidate[]) => void>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let armed = false
  let stopped = true
  let running: Promise<unknown> = Promise.resolve()
  let lastWarning = ''
  let lastStuck = ''
  const batchTimes: number[] = []

  /** One batch: runs `work` until it says done or the budget is spent; returns whether it finished. */
  async function batch(work: (overBudget: () => boolean) => boolean): Promise<boolean> {
    const budget = deps.turnsRunning() ? BUSY_BUDGET_MS : BATCH_BUDGET_MS
    const began = performance.now()
    const finished = work(() => performance.now() - began >= budget)
    const held = performance.now() - began
    batchTimes.push(held)
    if (batchTimes.length > 10_000) batchTimes.splice(0, 5_000)
    // The group commit flushes first (it was queued when the batch opened it), then whatever waited runs.
    // A turn that arrived during the batch counts: the rest is for it.
    const rest = deps.turnsRunning() ? BUSY_REST_MS : Math.min(MAX_REST_MS, held * REST_FACTOR)
    await new Promise((resolve) => setTimeout(resolve, rest))
    return finished
  }

  /** Removes, oldest first, up to `limit` eligible sessions last active before `before`; returns those removed. */
  async function removeIdle(agentId: string, before: number, limit: number, keep: (key: string) => boolean): Promise<RetentionCandidate[]> {
    const removed: RetentionCandidate[] = []
    while (removed.length < limit && !stopped) {
      let exhausted = false
      await batch((overBudget) => {
        const want = Math.min(BATCH_SESSIONS, limit - removed.length)
        // Busy sessions are skipped, so ask for a few more than wanted.
        const candidates = deps.retention.idle(agentId, before, want + BATCH_SESSIONS).filter((c) => !keep(c.key))
        const gone: RetentionCandidate[] = []
        for (const c of candidates.slice(0, want)) {
          if (deps.retention.remove(c)) {
            gone.push(c)
            removed.push(c)
          }
          if (overBudget()) break
        }
        if (gone.length > 0) for (const listener of removedListeners) listener(gone)
        exhausted = gone.length === 0
        return true
      })
      if (exhausted) break
    }
    return removed
  }

  /**
   * `maxDiskBytes`. Over it, the original deletes only what it keeps beside the live sessions (reset and
   * deleted transcripts, old generations, sessions archived by `maxEntries`) and, with nothing of that
   * left, warns. This gateway keeps none of those but the rows cut from transcripts (resets, deletions,
   * `sessions.compact`) still waiting to be swept: those go, the agent is measured again, and whatever is
   * still over stays, for scheduledPass to warn about. No session is removed or cut for the budget.
   */
  async function enforceBudget(agentId: string, before: number, apply: boolean): Promise<DiskBudgetSummary | null> {
    const budget = deps.settings().diskBudget
    if (!budget) return null
    const summary: DiskBudgetSummary = {
      totalBytesBefore: before, totalBytesAfter: before, removedEntries: 0, freedBytes: 0,
      maxBytes: budget.maxBytes, highWaterBytes: budget.highWaterBytes, overBudget: before > budget.maxBytes,
    }
    if (!summary.overBudget || !apply) return summary
    await drain(() => deps.retention.sweep(BATCH_ROWS))
    const after = (await measure()).get(agentId) ?? 0
    summary.totalBytesAfter = after
    summary.freedBytes = Math.max(0, before - after)
    return summary
  }

  /** Every agent's transcript bytes (session-retention.ts), summed a page of sessions at a time. */
  async function measure(): Promise<Map<string, number>> {
    const bytes = new Map<string, number>()
    let after: number | null = 0
    while (after !== null && !stopped) {
      await batch((overBudget) => {
        while (after !== null && !overBudget()) after = deps.retention.transcriptBytes(bytes, after, MEASURE_ROWS)
        return true
      })
    }
    return bytes
  }

  /** `usage`: each agent's transcript bytes at the start of the pass (none without a budget). */
  async function maintainAgent(agentId: string, req: CleanupRequest, usage: Map<string, number>): Promise<CleanupSummary> {
    const s = deps.settings()
    const now = Date.now()
    const protectSince = s.preserveRecentMs > 0 ? now - s.preserveRecentMs : Number.MAX_SAFE_INTEGER
    const staleBefore = Math.min(now - s.pruneAfterMs, protectSince)
    const keep = (key: string) => key === req.activeKey || deps.isBusy(key)
    const beforeCount = deps.retention.countSessions(agentId)
    const apply = !req.dryRun && (req.enforce || s.mode === 'enforce')
    if (!apply) {
      const pruned = deps.retention.countIdle(agentId, staleBefore)
      const capped = Math.max(0, Math.min(beforeCount - pruned - s.maxEntries, deps.retention.countIdle(agentId, protectSince) - pruned))
      // Over the budget, what would go depends on what the limits leave: it is said, not counted.
      const diskBudget = await enforceBudget(agentId, usage.get(agentId) ?? 0, false)
      const wouldMutate = pruned + capped > 0
      return { agentId, mode: s.mode, dryRun: Boolean(req.dryRun), beforeCount, afterCount: beforeCount - pruned - capped, pruned, capped, wouldMutate, diskBudget }
    }
    const pruned = await removeIdle(agentId, staleBefore, Number.MAX_SAFE_INTEGER, keep)
    const overflow = deps.retention.countSessions(agentId) - deps.settings().maxEntries
    const capped = overflow > 0 ? await removeIdle(agentId, protectSince, overflow, keep) : []
    const left = [...pruned, ...capped].reduce((bytes, c) => bytes - c.bytes, usage.get(agentId) ?? 0)
    const diskBudget = await enforceBudget(agentId, left, true)
    const afterCount = deps.retention.countSessions(agentId)
    const wouldMutate = pruned.length + capped.length > 0
    return { agentId, mode: s.mode, dryRun: false, beforeCount, afterCount, pruned: pruned.length, capped: capped.length, wouldMutate, applied: true, diskBudget }
  }

  /** Runs `sweep` (it deletes up to BATCH_ROWS rows a call) in batches until it finds fewer to delete. */
  async function drain(sweep: () => number): Promise<void> {
    while (!stopped && !(await batch((overBudget) => {
      while (!overBudget()) if (sweep() < BATCH_ROWS) return true
      return false
    })));
  }

  /** Deletes discarded transcript rows and expired rows of other tables, then returns the free pages to the file system. */
  async function reclaim(): Promise<void> {
    await drain(() => deps.retention.sweep(BATCH_ROWS))
    const usageBefore = Date.now() - deps.settings().pruneAfterMs
    await drain(() => deps.tables.sweep(BATCH_ROWS, usageBefore))
    // A database not converted to incremental vacuum (db.ts) frees nothing: the loop ends at once.
    let freed = 1
    for (let i = 0; i < VACUUM_BATCHES && freed > 0 && !stopped; i++) await batch(() => ((freed = deps.retention.vacuum()), true))
    // The file itself shrinks when the WAL is copied back (on the checkpointer's thread, not this one).
    if (!stopped) await deps.checkpoint()
  }

  async function pass(req: CleanupRequest): Promise<CleanupSummary[]> {
    const summaries: CleanupSummary[] = []
    const usage = deps.settings().diskBudget ? await measure() : new Map<string, number>()
    for (const agentId of req.agentIds) {
      if (stopped) break
      summaries.push(await maintainAgent(agentId, req, usage))
    }
    // A dry run changes nothing at all, not even rows already due.
    if (!req.dryRun) await reclaim()
    return summaries
  }

  /** The timer's pass: every agent with sessions; in `warn` mode one log line when what is due changes. */
  async function scheduledPass(): Promise<void> {
    const summaries = await pass({ agentIds: deps.retention.agents() })
    const due = summaries.filter((s) => !s.applied && (s.wouldMutate || s.diskBudget?.overBudget))
    const warning = due.map((s) => `agent ${s.agentId}: ${s.pruned} idle past pruneAfter, ${s.capped} over maxEntries${overBudget(s.diskBudget)}`).join('; ')
    if (warning && warning !== lastWarning) log.warn(`session.maintenance is in warn mode; nothing is applied (${warning})`)
    lastWarning = warning
    // Over the budget with nothing left to sweep: said once, until the pressure clears or the budget changes.
    const stuck = summaries.filter((s) => s.applied && s.diskBudget?.overBudget && s.diskBudget.totalBytesAfter > s.diskBudget.highWaterBytes)
    const key = stuck.map((s) => `${s.agentId}:${s.diskBudget!.maxBytes}:${s.diskBudget!.highWaterBytes}`).join(';')
    const over = stuck.map((s) => `agent ${s.agentId}: ${s.diskBudget!.totalBytesAfter} bytes of transcripts, maxDiskBytes ${s.diskBudget!.maxBytes}`).join('; ')
    if (key && key !== lastStuck) log.warn(`session.maintenance.maxDiskBytes: still over after cleanup, every session left is live and kept (${over}); raise maxDiskBytes or delete sessions you no longer need`)
    lastStuck = key
  }

  /** The next pass in `delayMs`; after it, the next periodic one unless another was asked for meanwhile. */
  function arm(delayMs: number): void {
    if (stopped) return
    clearTimeout(timer)
    armed = true
    timer = setTimeout(() => {
      armed = false
      running = running.then(scheduledPass).catch((err) => log.warn(`session maintenance failed: ${(err as Error).message}`))
      void running.then(() => armed || arm(deps.settings().intervalMs))
    }, delayMs)
    timer.unref?.()
  }

  return {
    start() {
      stopped = false
      arm(deps.settings().intervalMs)
    },
    stop() {
      stopped = true
      clearTimeout(timer)
    },
    schedule: () => arm(0),
    cleanup(req) {
      const result = running.then(() => pass(req))
      running = result.catch(() => {})
      return result
    },
    onRemoved: (listener) => void removedListeners.add(listener),
    takeBatchTimes: () => batchTimes.splice(0),
  }
}
