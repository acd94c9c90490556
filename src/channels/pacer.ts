/**
 * Spaces messages to one chat at least `intervalMs` apart (Telegram: about one a second per chat), and
 * costs nothing when the chat has been quiet that long. Sends to one chat also leave in order.
 */
export function createPacer(intervalMs: number, now: () => number = performance.now.bind(performance)) {
  const lanes = new Map<string, { last: number; tail: Promise<unknown> }>()

  return function pace<T>(chatKey: string, send: () => Promise<T>): Promise<T> {
    const lane = lanes.get(chatKey) ?? { last: -Infinity, tail: Promise.resolve() }
    lanes.set(chatKey, lane)
    const run = lane.tail.then(async () => {
      const wait = lane.last + intervalMs - now()
      if (wait > 0) await Bun.sleep(wait)
      try {
        return await send()
      } finally {
        lane.last = now()
      }
    })
    const tail = run.catch(() => undefined)
    lane.tail = tail
    // A lane quiet for a full interval is dropped, so the map does not keep every chat ever seen.
    void tail.then(() => setTimeout(() => {
      if (lanes.get(chatKey) === lane && lane.tail === tail) lanes.delete(chatKey)
    }, intervalMs).unref())
    return run
  }
}
