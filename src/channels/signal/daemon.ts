/**
 * The signal-cli daemon the gateway starts for a `managed-native` account:
 * `signal-cli [--config DIR] -a <account> daemon --http <host:port>`. `ensure()` starts it (unless it
 * still runs, or some daemon already answers on the URL) and waits until `/api/v1/check` answers;
 * the adapter's caller retries with backoff when it fails or dies, so each retry is a restart.
 * `stop()` ends it (SIGTERM, then SIGKILL).
 */
import type { Subprocess } from 'bun'
import { logger } from '../../log.ts'
import { channelError } from '../errors.ts'
import type { SignalDaemonSettings } from './accounts.ts'

const log = logger('signal')
const CHECK_INTERVAL_MS = 100
const STOP_GRACE_MS = 3000
const TAIL_LINES = 5

interface SignalDaemon {
  /** Resolves once the daemon answers; `exited` settles with the reason our process ended (none when adopted). */
  ensure(signal: AbortSignal): Promise<{ exited?: Promise<string> }>
  /** Our process id while it runs. */
  readonly pid: number | undefined
  stop(): Promise<void>
}

function daemonArgs(s: SignalDaemonSettings, account: string): string[] {
  const host = s.httpHost.includes(':') && !s.httpHost.startsWith('[') ? `[${s.httpHost}]` : s.httpHost
  return [
    s.cliPath,
    ...(s.configPath ? ['--config', s.configPath] : []),
    '-a', account, 'daemon', '--http', `${host}:${s.httpPort}`,
    ...(s.receiveMode ? ['--receive-mode', s.receiveMode] : []),
    ...(s.ignoreAttachments ? ['--ignore-attachments'] : []),
    ...(s.ignoreStories ? ['--ignore-stories'] : []),
  ]
}

async function answers(baseUrl: string, timeoutMs: number): Promise<boolean> {
  try {
    return (await fetch(`${baseUrl}/api/v1/check`, { signal: AbortSignal.timeout(timeoutMs) })).ok
  } catch {
    return false
  }
}

export function createSignalDaemon(settings: SignalDaemonSettings, account: string, baseUrl: string): SignalDaemon {
  let proc: Subprocess<'ignore', 'pipe', 'pipe'> | undefined
  let exited: Promise<string> | undefined
  const tail: string[] = []

  async function collect(stream: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder()
    let rest = ''
    for await (const chunk of stream) {
      const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n')
      rest = lines.pop()!
      for (const line of lines.map((l) => l.trim()).filter(Boolean)) {
        log.debug(`signal-cli: ${line}`)
        tail.push(line)
        if (tail.length > TAIL_LINES) tail.shift()
      }
    }
  }

  function spawn(): void {
    const args = daemonArgs(settings, account)
    tail.length = 0
    try {
      // The gateway's environment as it is now (Bun's default is the one it started with).
      proc = Bun.spawn(args, { stdin: 'ignore', stdout: 'pipe', stderr: 'pipe', env: process.env })
    } catch (err) {
      throw channelError('signal', 'daemon', { reason: `cannot start ${settings.cliPath}: ${(err as Error).message}` }, err)
    }
    log.info(`started signal-cli for ${account} (pid ${proc.pid}) on ${settings.httpHost}:${settings.httpPort}`)
    const done = Promise.all([collect(proc.stdout).catch(() => undefined), collect(proc.stderr).catch(() => undefined)])
    const own = proc
    exited = own.exited.then(async (code) => {
      // A grandchild may keep the pipes open; the last lines are only wanted if they come promptly.
      await Promise.race([done, Bun.sleep(200)])
      if (proc === own) proc = undefined
      const last = tail.at(-1)
      return `signal-cli exited with ${own.signalCode ?? `code ${code}`}${last ? `: ${last}` : ''}`
    })
  }

  return {
    get pid() {
      return proc?.pid
    },
    async ensure(signal) {
      if (proc) return { exited }
      if (await answers(baseUrl, 1000)) {
        log.warn(`a signal-cli daemon already answers at ${baseUrl}; using it instead of starting one`)
        return {}
      }
      spawn()
      const ended = exited!
      let gone: string | undefined
      void ended.then((reason) => (gone = reason))
      const deadline = Date.now() + settings.startupTimeoutMs
      while (!signal.aborted) {
        if (gone) throw channelError('signal', 'daemon', { reason: gone })
        if (await answers(baseUrl, 1000)) return { exited: ended }
        if (Date.now() > deadline) {
          await this.stop()
          throw channelError('signal', 'daemon', { reason: `signal-cli did not answer at ${baseUrl} within ${settings.startupTimeoutMs} ms` })
        }
        await Bun.sleep(CHECK_INTERVAL_MS)
      }
      return { exited: ended }
    },
    async stop() {
      const running = proc
      if (!running) return
      running.kill('SIGTERM')
      const timer = setTimeout(() => running.kill('SIGKILL'), STOP_GRACE_MS)
      await exited
      clearTimeout(timer)
      log.info(`stopped signal-cli for ${account}`)
    },
  }
}
