/**
 * `system.run {command: argv[], cwd?, timeoutMs?}`: runs an allowlisted executable directly (argv, no
 * shell), with bounded time and output. The allowlist check happens on the resolved path, and that
 * resolved path is what runs, so PATH tricks cannot swap the program after the check.
 *
 * The command gets a minimal environment (CHILD_ENV_KEYS, plus OPENCLAW_SHELL=exec), never the node
 * host's own: that holds the gateway token. It runs in its own process group, and a timeout kills the
 * whole group, so what it started in the background goes too.
 */
import { isAbsolute, resolve } from 'node:path'
import { Type } from '@sinclair/typebox'
import { compileValidator } from '../../protocol/compile-validator.ts'
import { NodeCommandError, type NodeCommand } from './types.ts'

/** The variables a command inherits from the node host; everything else (tokens, keys) stays behind. */
export const CHILD_ENV_KEYS = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR'] as const

function childEnv(): Record<string, string> {
  const env: Record<string, string> = { OPENCLAW_SHELL: 'exec' }
  for (const key of CHILD_ENV_KEYS) {
    const value = process.env[key]
    if (value !== undefined) env[key] = value
  }
  return env
}

const Params = compileValidator(
  Type.Object({
    command: Type.Array(Type.String({ maxLength: 32_768 }), { minItems: 1, maxItems: 1024 }),
    cwd: Type.Optional(Type.String({ minLength: 1 })),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
  }),
)

/** The absolute executable for `argv0` if the allowlist admits it, else null. */
export function resolveAllowed(argv0: string, allow: readonly string[]): string | null {
  if (argv0.includes('/')) {
    const absolute = resolve(argv0)
    return allow.some((entry) => isAbsolute(entry) && resolve(entry) === absolute) ? absolute : null
  }
  const found = Bun.which(argv0)
  if (!found) return null
  return allow.some((entry) => entry === argv0 || (isAbsolute(entry) && resolve(entry) === found)) ? found : null
}

export const systemRun: NodeCommand = async (params, ctx) => {
  if (!Params.check(params)) throw new NodeCommandError('INVALID_PARAMS', `system.run: ${Params.explain(params)}`)
  const { allow, timeoutMs: maxTimeout, maxOutputBytes } = ctx.settings.systemRun
  const [argv0, ...args] = params.command
  const executable = resolveAllowed(argv0!, allow)
  if (!executable) throw new NodeCommandError('NOT_ALLOWED', `${argv0} is not on this node's system.run allowlist`)
  const timeoutMs = Math.min(params.timeoutMs ?? maxTimeout, maxTimeout)
  const started = Date.now()
  let proc: ReturnType<typeof Bun.spawn>
  try {
    // detached: the child leads a new process group, which the timeout kills as a whole.
    proc = Bun.spawn([executable, ...args], { cwd: params.cwd, env: childEnv(), detached: true, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' })
  } catch (err) {
    throw new NodeCommandError('SPAWN_FAILED', `cannot start ${argv0}: ${(err as Error).message}`)
  }
  let timedOut = false
  // A grandchild may hold the pipes open after the kill: stop reading a moment later regardless.
  const stopReading = new AbortController()
  const timer = setTimeout(() => {
    timedOut = true
    killGroup(proc)
    setTimeout(() => stopReading.abort(), 1000).unref()
  }, timeoutMs)
  const [stdout, stderr, exitCode] = await Promise.all([
    readCapped(proc.stdout as ReadableStream<Uint8Array>, maxOutputBytes, stopReading.signal),
    readCapped(proc.stderr as ReadableStream<Uint8Array>, maxOutputBytes, stopReading.signal),
    proc.exited,
  ])
  clearTimeout(timer)
  return {
    exitCode,
    success: exitCode === 0 && !timedOut,
    timedOut,
    stdout: stdout.text,
    stderr: stderr.text,
    truncated: stdout.truncated || stderr.truncated,
    durationMs: Date.now() - started,
  }
}

function killGroup(proc: ReturnType<typeof Bun.spawn>): void {
  try {
    process.kill(-proc.pid, 'SIGKILL')
  } catch {
    // The group is gone already (everything exited); the child itself may still need reaping.
    proc.kill('SIGKILL')
  }
}

/** Keeps the first `limit` bytes and drains the rest, so a chatty child never blocks on a full pipe. */
async function readCapped(stream: ReadableStream<Uint8Array>, limit: number, signal: AbortSignal): Promise<{ text: string; truncated: boolean }> {
  const kept: Uint8Array[] = []
  let size = 0
  let truncated = false
  const reader = stream.getReader()
  signal.addEventListener('abort', () => void reader.cancel().catch(() => {}))
  for (;;) {
    const { done, value: chunk } = await reader.read().catch(() => ({ done: true as const, value: undefined }))
    if (done) break
    if (size >= limit) {
      truncated = true
      continue
    }
    const room = limit - size
    kept.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk)
    truncated ||= chunk.byteLength > room
    size += Math.min(room, chunk.byteLength)
  }
  return { text: Buffer.concat(kept).toString('utf8'), truncated }
}
