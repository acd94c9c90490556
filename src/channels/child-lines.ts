/**
 * The lines a child process (or daemon) writes, with the unfinished one bounded: output from another
 * program is untrusted, and a line that never ends must not grow the gateway's memory without limit.
 * Past the bound the stream is broken (`LineTooLongError`); callers treat that like the child failing.
 */

/** Longer than any JSON-RPC frame or log line imsg or signal-cli writes. */
export const MAX_LINE_CHARS = 1 << 20

export class LineTooLongError extends Error {
  constructor(readonly limit: number) {
    super(`wrote a line longer than ${limit} characters`)
    this.name = 'LineTooLongError'
  }
}

/**
 * Non-empty lines of `stream`, the last one even without a newline.
 * @example for await (const line of childLines(proc.stdout)) onLine(line)
 */
export async function* childLines(stream: ReadableStream<Uint8Array>, limit = MAX_LINE_CHARS): AsyncGenerator<string> {
  const decoder = new TextDecoder()
  let rest = ''
  for await (const chunk of stream) {
    const parts = (rest + decoder.decode(chunk, { stream: true })).split('\n')
    rest = parts.pop()!
    for (const line of parts) {
      if (line.length > limit) throw new LineTooLongError(limit)
      if (line.trim()) yield line
    }
    if (rest.length > limit) throw new LineTooLongError(limit)
  }
  if (rest.trim()) yield rest
}
