/**
 * The signal-cli daemon the gateway starts for a `managed-native` account:
 * `signal-cli [--config DIR] -a <account> daemon --http <host:port>`. `ensure()` starts it (unless it
 * still runs) and waits until `/api/v1/check` answers; the adapter's caller retries with backoff when
 * it fails or dies, so each retry is a restart. `stop()` ends it (SIGTERM, then SIGKILL).
 *
 * Something already answering on the address is used only if it says it serves this account
 * (`listAccounts` of a multi-account daemon, which then acts as the number each call names). A daemon
 * started for one number cannot say which (it has no `listAccounts`, and sends from its own number
 * whatever a call names), so it is refused, like anything else on the port: adopting it could send
 * from another account's number. Its output lines are bounded (child-lines.ts): an overlong line is
 * skipped, output that never ends its line stops the daemon, and the exit says why.
 */
import type { Subprocess } from 'bun'
import { logger } from '../../log.ts'
import { LineTooLongError, childLines } from '../child-lines.ts'
import { channelError } from '../errors.ts'
import type { SignalDaemonSettings } from './accounts.ts'
import { createSignalRpc } from './rpc.ts'

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

/** The numbers a multi-account daemon at `baseUrl` serves, or undefined when it does not say. */
async function servedAccounts(baseUrl: string): Promise<string[] | undefined> {
  try {
    const listed = await createSignalRpc(baseUrl)<{ number?: unknown }[]>('listAccounts', {})
    return Array.isArray(listed) ? listed.map((a) => a?.number).filter((n): n is string => typeof n === 'string') : undefined
  } catch {
    return undefined
  }
}

export function createSignalDaemon(settings: SignalDaemonSettings, account: string, baseUrl: string): SignalDaemon {
  let proc: Subprocess<'ignore', 'pipe', 'pipe'> | undefined
  let exited: Promise<string> | undefined
  const tail: string[] = []

  /** Keeps the last lines; output that never ends its line is handed to `onBroken` (the stream ends). */
  async function collect(stream: ReadableStream<Uint8Array>, onBroken: (err: LineTooLongError) => void): Promise<void> {
    try {
      for await (const raw of childLines(stream, { overlong: () => log.debug('signal-cli: skipped an overlong output line') })) {
        const line = raw.trim()
        log.debug(`signal-cli: ${line}`)
        tail.push(line)
        if (tail.length > TAIL_LINES) tail.shift()
      }
    } catch (err) {
      if (err instanceof LineTooLongError) onBroken(err)
    }
  }

  /** Uses a daemon that already answers only if it serves `account`; throws why not otherwise. */
  async function adopt(): Promise<void> {
    const served = await servedAccounts(baseUrl)
    if (served?.includes(account)) {
      log.info(`using the signal-cli daemon already at ${baseUrl}, which serves ${account}`)
      return
    }
    const what = served ? `a signal-cli daemon for ${served.join(', ') || 'no account'}` : 'something that does not say it serves this number (another program, or signal-cli started for one number)'
    throw channelError('signal', 'daemon', { reason: `${baseUrl} is taken by ${what}; not using it for ${account}: stop it, or give this account its own transport.httpPort` })
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
    const own = proc
    /** Why this process was stopped for its output, when it was. */
    let broken: string | undefined
    const stopBroken = (err: LineTooLongError) => {
      if (broken) return
      broken = `signal-cli ${err.message}`
      log.warn(`${broken}; stopping it`)
      own.kill('SIGKILL')
    }
    const done = Promise.all([collect(own.stdout, stopBroken), collect(own.stderr, stopBroken)])
    exited = own.exited.then(async (code) => {
      // A grandchild may keep the pipes open; the last lines are only wanted if they come promptly.
      await Promise.race([done, Bun.sleep(200)])
      if (proc === own) proc = undefined
      const last = tail.at(-1)
      return broken ?? `signal-cli exited with ${own.signalCode ?? `code ${code}`}${last ? `: ${last}` : ''}`
    })
  }

  return {
    get pid() {
      return proc?.pid
    },
    async ensure(signal) {
      if (proc) return { exited }
      if (await answers(baseUrl, 1000)) {
        await adopt()
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
