/**
 * Work done once at the end of an event-loop turn for everything that turn produced (the frames each
 * connection is sent, written together), with a bound on how long it waits. Bun runs every task that is
 * ready (a thousand model streams delivering at once, their chunks, file reads) before it gets to the
 * turn's immediates, so under load a turn can last hundreds of milliseconds and work left to
 * setImmediate alone would wait all of it: frames would leave in a few huge bursts. Whoever adds to
 * the batch calls `add()`; once the batch is `maxDelayMs` old it runs at the end of the current task
 * (a microtask) instead, and the next batch starts. Its age is looked at by every `add()`; a turn that
 * adds nothing more leaves it waiting for the turn's end.
 */
export interface TurnBatch {
  /** Something joined the batch: run it at the end of this turn, or sooner if it has waited too long. */
  add(): void
  /** The batch ran (or was taken) by its owner outside the schedule: the next `add()` starts a new one. */
  reset(): void
}

export function turnBatch(run: () => void, maxDelayMs: number): TurnBatch {
  /** When the open batch began; 0 when none is open. */
  let openedAt = 0
  let immediate = false
  let early = false
  const close = () => {
    openedAt = 0
    early = false
  }
  const fire = () => {
    close()
    run()
  }
  const onImmediate = () => {
    immediate = false
    if (openedAt !== 0) fire()
  }
  function checkAge(now: number) {
    if (early || now - openedAt < maxDelayMs) return
    early = true
    queueMicrotask(() => early && fire())
  }
  return {
    add() {
      const now = performance.now()
      if (openedAt === 0) {
        openedAt = now
        if (!immediate) {
          immediate = true
          setImmediate(onImmediate)
        }
      }
      checkAge(now)
    },
    reset: close,
  }
}
