/**
 * The lines a child process (or daemon) writes, with the unfinished one bounded: output from another
 * program is untrusted, and a line that never ends must not grow the gateway's memory. A line past
 * `limit` is reported (`overlong`) and skipped up to its newline, so one bad line costs only itself.
 * Output that still has not ended its line after `MAX_SKIP_LINES` times the limit is a broken stream
 * (`LineTooLongError`): callers stop the child and treat it like any other failure of it.
 */

/** Longer than any JSON-RPC frame or log line imsg or signal-cli writes. */
export const MAX_LINE_CHARS = 1 << 20
const MAX_SKIP_LINES = 8

export class LineTooLongError extends Error {
  constructor(readonly chars: number) {
    super(`wrote ${chars} characters without ending a line`)
    this.name = 'LineTooLongError'
  }
}

/**
 * Non-empty lines of `stream`, the last one even without a newline.
 * @example for await (const line of childLines(proc.stdout, { overlong: () => log.warn('skipped a line') })) onLine(line)
 */
export async function* childLines(stream: ReadableStream<Uint8Array>, opts: { limit?: number; overlong?: () => void } = {}): AsyncGenerator<string> {
  const limit = opts.limit ?? MAX_LINE_CHARS
  const decoder = new TextDecoder()
  let rest = ''
  /** Characters of an overlong line skipped so far, or -1 when not skipping. */
  let skipped = -1
  for await (const chunk of stream) {
    const parts = (rest + decoder.decode(chunk, { stream: true })).split('\n')
    rest = parts.pop()!
    for (const line of parts) {
      if (skipped >= 0) skipped = -1
      else if (line.length > limit) opts.overlong?.()
      else if (line.trim()) yield line
    }
    if (rest.length > limit) {
      if (skipped < 0) {
        opts.overlong?.()
        skipped = 0
      }
      skipped += rest.length
      rest = ''
      if (skipped > limit * MAX_SKIP_LINES) throw new LineTooLongError(skipped)
    }
  }
  if (rest.trim() && skipped < 0) yield rest
}
