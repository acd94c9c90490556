/**
 * Runs `fn` once the current task is over: after the code running now and every microtask it leads
 * to (promise reactions, awaits resolving in turn), before the event loop moves to its next task. A
 * `process.nextTick` queued from a microtask runs once the microtask queue is empty, in Bun as in
 * Node. Unlike `setImmediate`, it does not wait for the other tasks ready in the same turn, which
 * under load (a thousand model streams delivering) can last hundreds of milliseconds.
 */
export function atEndOfTask(fn: () => void): void {
  queueMicrotask(() => process.nextTick(fn))
}
