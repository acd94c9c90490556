/**
 * Line-delimited JSON-RPC 2.0 with a child process (`imsg rpc`): one JSON object per line on its
 * stdin and stdout, notifications without an id. The child's output is untrusted: lines that are not
 * JSON-RPC, or longer than the bound, are reported as dropped and skipped; output that never ends its
 * line stops the child (child-lines.ts). When the child ends, every pending call fails and `exited`
 * settles with the reason; writing to a dead child fails the call, never the process.
 */
import type { FileSink, Subprocess } from 'bun'
import { logger } from '../../log.ts'
import { LineTooLongError, MAX_LINE_CHARS, childLines } from '../child-lines.ts'
import { channelError } from '../errors.ts'

const log = logger('imessage')
const CALL_TIMEOUT_MS = 15_000
const CLOSE_GRACE_MS = 1000
const KILL_GRACE_MS = 3000
const TAIL_LINES = 5

interface Pending {
  resolve(value: unknown): void
  reject(err: Error): void
  timer: Timer
}

export interface StdioRpc {
  call<T>(method: string, params: Record<string, unknown>): Promise<T>
  /** Settles with a description of how the child ended. */
  readonly exited: Promise<string>
  /** Ends the child: stdin closed, then SIGTERM, then SIGKILL. */
  close(): Promise<void>
}

export interface StdioRpcHandlers {
  notification(method: string, params: unknown): void
  /** A line that was skipped (not JSON-RPC, too long, or its handler threw). */
  dropped(what: string, err: unknown): void
}

export function spawnStdioRpc(argv: string[], handlers: StdioRpcHandlers): StdioRpc {
  const name = argv[0]!
  let proc: Subprocess<'pipe', 'pipe', 'pipe'>
  try {
    // The gateway's environment as it is now (Bun's default is the one it started with).
    proc = Bun.spawn(argv, { stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', env: process.env })
  } catch (err) {
    throw channelError('imessage', 'spawn', { reason: `cannot start ${name}: ${(err as Error).message}` }, err)
  }
  const stdin = proc.stdin as FileSink
  const pending = new Map<number, Pending>()
  const tail: string[] = []
  let nextId = 1
  let ended: string | undefined
  /** Set when the child's output never ended its line; the child is killed and this is why it ended. */
  let broken: string | undefined
  const breakOff = (err: unknown) => {
    if (!(err instanceof LineTooLongError) || broken) return
    broken = `${name} ${err.message}`
    log.warn(`${broken}; stopping it`)
    proc.kill('SIGKILL')
  }

  function onLine(line: string): void {
    let frame: { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: { code?: number; message?: string; data?: unknown } }
    try {
      frame = JSON.parse(line)
    } catch (err) {
      return handlers.dropped(`a line from ${name} that is not JSON`, err)
    }
    if (!frame || typeof frame !== 'object') return handlers.dropped(`a frame from ${name} that is not an object`, new Error(line.slice(0, 80)))
    if (typeof frame.method === 'string' && frame.id === undefined) return handlers.notification(frame.method, frame.params)
    const call = typeof frame.id === 'number' ? pending.get(frame.id) : undefined
    if (!call) return handlers.dropped(`a response from ${name} to no pending call`, new Error(line.slice(0, 80)))
    pending.delete(frame.id as number)
    clearTimeout(call.timer)
    if (frame.error) {
      const detail = typeof frame.error.data === 'string' ? frame.error.data : undefined
      call.reject(channelError('imessage', 'rpc', { reason: detail ?? frame.error.message ?? `JSON-RPC error ${frame.error.code}` }))
    } else {
      call.resolve(frame.result)
    }
  }

  const reading = (async () => {
    for await (const line of childLines(proc.stdout, { overlong: () => handlers.dropped(`a line from ${name} over ${MAX_LINE_CHARS} characters`, new Error('line too long')) })) {
      try {
        onLine(line)
      } catch (err) {
        handlers.dropped(`a notification from ${name} its handler could not read`, err)
      }
    }
  })().catch(breakOff)
  const draining = (async () => {
    for await (const line of childLines(proc.stderr, { overlong: () => log.debug(`${name}: skipped an overlong stderr line`) })) {
      log.debug(`${name}: ${line}`)
      tail.push(line.trim())
      if (tail.length > TAIL_LINES) tail.shift()
    }
  })().catch(breakOff)

  const exited = proc.exited.then(async (code) => {
    await Promise.race([Promise.all([reading, draining]), Bun.sleep(200)])
    ended = broken ?? `${name} exited with ${proc.signalCode ?? `code ${code}`}${tail.length ? `: ${tail.at(-1)}` : ''}`
    for (const [id, call] of pending) {
      clearTimeout(call.timer)
      call.reject(channelError('imessage', 'rpc', { reason: ended }))
      pending.delete(id)
    }
    return ended
  })

  return {
    exited,
    call<T>(method: string, params: Record<string, unknown>): Promise<T> {
      if (ended) return Promise.reject(channelError('imessage', method, { reason: ended }))
      const id = nextId++
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id)
          reject(channelError('imessage', method, { reason: `imsg rpc timeout (${method})` }))
        }, CALL_TIMEOUT_MS)
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer })
        const failed = (err: unknown) => {
          if (!pending.delete(id)) return
          clearTimeout(timer)
          reject(channelError('imessage', method, { reason: `cannot write to ${name}: ${(err as Error).message}` }, err))
        }
        try {
          // A pipe to a dead child may fail now or later; either way it fails this call only.
          for (const done of [stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`), stdin.flush()]) {
            if (done instanceof Promise) done.catch(failed)
          }
        } catch (err) {
          failed(err)
        }
      })
    },
    async close() {
      if (ended) return
      // imsg ends its read loop at end of input; signals are the fallback for a child that does not.
      try {
        stdin.end()
      } catch {
        // Already closed by the child.
      }
      const term = setTimeout(() => proc.kill('SIGTERM'), CLOSE_GRACE_MS)
      const kill = setTimeout(() => proc.kill('SIGKILL'), CLOSE_GRACE_MS + KILL_GRACE_MS)
      await exited
      clearTimeout(term)
      clearTimeout(kill)
    },
  }
}
