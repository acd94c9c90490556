/**
 * Frames leave together at the end of a turn of the event loop: a socket's frames of one turn go out
 * corked, in one write. Sends made outside a socket's own callbacks (a model chunk arriving, a timer) are
 * not corked by Bun, so without this every event frame would be its own syscall, to every connection.
 * A busy turn does not hold them back for long (core/turn-batch.ts): frames queued for
 * `MAX_OUTBOX_HOLD_MS` leave at the end of the current task, so a first delta is not kept waiting
 * behind everything else a long turn does.
 */
import { turnBatch } from '../core/turn-batch.ts'

/** Long enough to gather a busy turn's frames into one write per socket, short beside any latency a client notices. */
const MAX_OUTBOX_HOLD_MS = 2

interface Flushable {
  flushOutbox(): void
}

const pending = new Set<Flushable>()
const batch = turnBatch(flushAll, MAX_OUTBOX_HOLD_MS)

function flushAll(): void {
  const targets = [...pending]
  pending.clear()
  for (const target of targets) target.flushOutbox()
}

/** `target` has frames queued: flush it at the end of this turn of the event loop (or sooner, see above). */
export function scheduleFlush(target: Flushable): void {
  pending.add(target)
  batch.add()
}

/** More frames were queued for targets already waiting (one call per broadcast, not per frame): they may be due. */
export function outboxGrew(): void {
  batch.add()
}
