/**
 * `openclaw logs [--follow]`: the gateway's log file over `logs.tail`, so it works remotely. With
 * --follow it polls with the returned cursor and reconnects when the gateway restarts; --json writes
 * one JSON record per line (a `meta` record for the file first, then `log` for structured lines,
 * `raw` for others, `notice` for gaps; reconnect notices go to stderr).
 */
import { defineCommand } from 'citty'
import { connectionArgs, withGateway, withGatewayOrLost } from '../connection-args.ts'
import { EXIT } from '../exit-codes.ts'
import { fail } from '../fail.ts'
import { checkPositiveInteger } from '../flag-checks.ts'
import type { GatewayClient } from '../gateway-client.ts'

interface TailPayload {
  file: string
  cursor: number
  size: number
  lines: string[]
  truncated?: boolean
  reset?: boolean
}

export default defineCommand({
  meta: { name: 'logs', description: "Print the gateway's recent log lines; --follow keeps printing new ones" },
  args: {
    follow: { type: 'boolean', description: 'Keep printing new lines until interrupted' },
    limit: { type: 'string', valueHint: 'n', description: 'At most this many lines per read (default 200, max 5000)', check: checkPositiveInteger },
    'max-bytes': { type: 'string', valueHint: 'n', description: 'At most this many bytes per read (default 250000)', check: checkPositiveInteger },
    interval: { type: 'string', valueHint: 'ms', description: 'Polling interval with --follow (default 1000)', check: checkPositiveInteger },
    ...connectionArgs,
  },
  async run({ args }) {
    const limit = Math.min(Number(args.limit ?? 200), 5000)
    const maxBytes = Math.min(Number(args['max-bytes'] ?? 250_000), 1_000_000)
    const interval = Number(args.interval ?? 1000)
    const json = Boolean(args.json)
    if (!args.follow) {
      const tail = await withGateway(args, (client) => readTail(client, { limit, maxBytes }))
      return print(tail, true, json)
    }
    // Following outlives a gateway restart: reconnect with backoff and go on from the cursor (a new
    // gateway process has a new log; its tail says `reset` and reading starts over).
    let cursor: number | undefined
    let file: string | undefined
    for (let attempt = 0; ; ) {
      const lost = await withGatewayOrLost(args, async (client): Promise<never> => {
        for (;;) {
          let tail = await readTail(client, { limit, maxBytes, ...(cursor !== undefined && { cursor }) })
          // Another log (a restarted gateway): the old cursor means nothing in it; read it from the start.
          if (file !== undefined && tail.file !== file) tail = await readTail(client, { limit, maxBytes })
          if (attempt > 0) notice(json, 'gateway reconnected')
          attempt = 0
          print(tail, tail.file !== file, json)
          ;[cursor, file] = [tail.cursor, tail.file]
          await Bun.sleep(interval)
        }
      })
      if (++attempt > MAX_RECONNECTS) fail(lost.message, EXIT.unreachable)
      const wait = Math.min(1000 * 2 ** (attempt - 1), 30_000)
      notice(json, `${lost.message}; reconnecting in ${wait} ms (attempt ${attempt} of ${MAX_RECONNECTS})`)
      await Bun.sleep(wait)
    }
  },
})

const MAX_RECONNECTS = 8

function notice(json: boolean, message: string): void {
  process.stderr.write(json ? `${JSON.stringify({ type: 'notice', message })}\n` : `[logs] ${message}\n`)
}

const readTail = (client: GatewayClient, params: Record<string, number>) => client.request('logs.tail', params) as Promise<TailPayload>

function print(tail: TailPayload, first: boolean, json: boolean): void {
  const out: string[] = []
  if (json) {
    if (first) out.push(JSON.stringify({ type: 'meta', file: tail.file, cursor: tail.cursor, size: tail.size }))
    for (const line of tail.lines) out.push(JSON.stringify(structured(line) ?? { type: 'raw', raw: line }))
    if (tail.truncated) out.push(JSON.stringify({ type: 'notice', message: 'Log tail truncated (increase --limit or --max-bytes).' }))
    if (tail.reset) out.push(JSON.stringify({ type: 'notice', message: 'The log file was rotated or truncated; reading from its start.' }))
  } else {
    if (tail.reset) out.push('[logs] the log file was rotated or truncated; reading from its start')
    out.push(...tail.lines.map(readable))
    if (tail.truncated) process.stderr.write('[logs] earlier lines skipped (increase --limit or --max-bytes)\n')
  }
  if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`)
}

/** A structured line as the gateway prints it to stdout: time, level, [subsystem], message. */
function readable(line: string): string {
  const entry = structured(line)
  if (typeof entry?.message !== 'string') return line
  const level = typeof entry.level === 'string' ? ` ${entry.level.toUpperCase()}` : ''
  const tag = typeof entry.subsystem === 'string' ? ` [${entry.subsystem}]` : ''
  return `${entry.time ?? ''}${level}${tag} ${entry.message}`.trimStart()
}

/** A JSON log line becomes a `log` record with its own fields; anything else stays raw. */
function structured(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined
  try {
    const value = JSON.parse(line)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? { type: 'log', ...value } : undefined
  } catch {
    return undefined
  }
}
