/**
 * The gateway's recent log lines, kept in memory for `logs.tail` (the Control UI's Logs page and
 * `openclaw logs`). Lines are addressed like a file: a cursor is the byte offset after the last line a
 * reader has seen, so a follower asks "what came after N" and the oldest lines fall off the front.
 */

export interface LogTail {
  /** Where the lines come from; changes when the gateway restarts, so followers start over. */
  file: string
  /** Offset just past the last line returned: pass it back to get only newer lines. */
  cursor: number
  size: number
  lines: string[]
  /** Older lines were left out (limit, maxBytes, or already gone from the ring). */
  truncated: boolean
  /** The cursor was from another run of the gateway (or ahead of it): this is a fresh tail. */
  reset: boolean
  skippedBytes: number
}

export interface TailRequest {
  cursor?: number
  limit: number
  maxBytes: number
}

interface Entry {
  line: string
  /** Offset of the line's first byte. */
  at: number
  bytes: number
}

export function createLogRing(opts: { maxBytes: number; maxLines: number; file: string }) {
  const entries: Entry[] = []
  let head = 0 // index of the oldest live entry (entries before it are dropped lazily)
  let end = 0 // total bytes ever appended
  let held = 0

  function append(line: string): void {
    const bytes = Buffer.byteLength(line) + 1
    entries.push({ line, at: end, bytes })
    end += bytes
    held += bytes
    while (held > opts.maxBytes || entries.length - head > opts.maxLines) held -= entries[head++]!.bytes
    // Compact now and then rather than shifting the array on every line.
    if (head > 1024 && head * 2 > entries.length) {
      entries.splice(0, head)
      head = 0
    }
  }

  function tail(req: TailRequest): LogTail {
    const reset = req.cursor !== undefined && req.cursor > end
    const from = req.cursor === undefined || reset ? 0 : req.cursor
    // First live entry at or after `from` (entries are ordered by offset).
    let lo = head
    let hi = entries.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (entries[mid]!.at < from) lo = mid + 1
      else hi = mid
    }
    const oldest = head < entries.length ? entries[head]!.at : end
    let skipped = Math.max(0, oldest - from)
    // Newest lines win: walk back from the end while limit and maxBytes allow.
    let start = entries.length
    let bytes = 0
    while (start > lo && entries.length - start < req.limit && bytes + entries[start - 1]!.bytes <= req.maxBytes) bytes += entries[--start]!.bytes
    for (let i = lo; i < start; i++) skipped += entries[i]!.bytes
    const lines = entries.slice(start).map((e) => e.line)
    return { file: opts.file, cursor: end, size: end, lines, truncated: skipped > 0, reset, skippedBytes: skipped }
  }

  return { append, tail }
}

export type LogRing = ReturnType<typeof createLogRing>
