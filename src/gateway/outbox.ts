/**
 * Frames leave once per turn of the event loop: a socket's frames of one turn go out corked, in one
 * write. Sends made outside a socket's own callbacks (a model chunk arriving, a timer) are not corked
 * by Bun, so without this every event frame would be its own syscall, to every connection.
 */

interface Flushable {
  flushOutbox(): void
}

const pending = new Set<Flushable>()

function flushAll(): void {
  const batch = [...pending]
  pending.clear()
  for (const target of batch) target.flushOutbox()
}

/** `target` has frames queued: flush it at the end of this turn of the event loop. */
export function scheduleFlush(target: Flushable): void {
  if (pending.size === 0) setImmediate(flushAll)
  pending.add(target)
}
