/**
 * Frames leave together at the end of a turn of the event loop: a socket's frames of one turn go out
 * corked, in one write. Sends made outside a socket's own callbacks (a model chunk arriving, a timer) are
 * not corked by Bun, so without this every event frame would be its own syscall, to every connection.
 * A busy turn does not hold them back for long (core/turn-batch.ts): frames queued for
 * `MAX_OUTBOX_HOLD_MS` leave at the end of the current task, so a first delta is not kept waiting
 * behind everything else a long turn does. An idle gateway (nothing written for `IDLE_MS`) has no
 * frames to gather: what a task sends leaves at that task's end (an answer and the run's first delta,
 * without waiting for the other tasks of the turn), and at most once per `IDLE_MS`, so a busy one
 * still writes in batches.
 */
import { atEndOfTask } from '../core/end-of-task.ts'
import { turnBatch } from '../core/turn-batch.ts'

/** Long enough to gather a busy turn's frames into one write per socket, short beside any latency a client notices. */
const MAX_OUTBOX_HOLD_MS = 2
/**
 * Since the last write, how long the outbox must have been quiet for a task's frames to leave at its end:
 * the hold itself, so that under load writes are no more frequent than the batches would make them.
 */
const IDLE_MS = MAX_OUTBOX_HOLD_MS

interface Flushable {
  flushOutbox(): void
}

const pending = new Set<Flushable>()
const batch = turnBatch(flushAll, MAX_OUTBOX_HOLD_MS)
let flushedAt = -Infinity
let atTaskEnd = false

function flushAll(): void {
  flushedAt = performance.now()
  const targets = [...pending]
  pending.clear()
  for (const target of targets) target.flushOutbox()
}

function flushAtTaskEnd(): void {
  atTaskEnd = false
  batch.reset()
  flushAll()
}

/** `target` has frames queued: flush it at the end of this task if the outbox was idle, else of this turn of the event loop (or sooner, see above). */
export function scheduleFlush(target: Flushable): void {
  pending.add(target)
  if (!atTaskEnd && performance.now() - flushedAt >= IDLE_MS) {
    atTaskEnd = true
    atEndOfTask(flushAtTaskEnd)
  }
  batch.add()
}

/** More frames were queued for targets already waiting (one call per broadcast, not per frame): they may be due. */
export function outboxGrew(): void {
  batch.add()
}
