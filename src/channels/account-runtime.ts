/**
 * One account's lifecycle: load the provider's factory (first use only), run the adapter, and when the
 * connection fails, retry with capped exponential backoff. Status is kept here for `channels.status`.
 *
 * This is also the account's containment boundary. The SDK runs inside the account's scope
 * (account-scope.ts): a throw that escapes it is a fault of this account (counted, logged with the
 * account, the account restarts with backoff), and an inbound item the adapter could not read is
 * dropped and counted without a restart. Neither reaches the process.
 */
import { logger } from '../log.ts'
import { runInAccountScope, runOutsideAccountScope, type AccountScope } from './account-scope.ts'
import { describeError } from './errors.ts'
import { createPacer } from './pacer.ts'
import { PROVIDERS } from './registry.ts'
import type { ChannelAdapter, ChannelFactory, InboundMessage, ResolvedAccount } from './types.ts'

const log = logger('channels')

const BACKOFF_MIN_MS = 500
const BACKOFF_MAX_MS = 30_000

export interface AccountStatus {
  running: boolean
  connected: boolean
  lastError: string | null
  lastStartAt: number | null
  lastStopAt: number | null
  lastConnectedAt: number | null
  lastInboundAt: number | null
  lastOutboundAt: number | null
  reconnectAttempts: number
  /** Failures contained at this account's boundary: SDK escapes (each restarts the account) and dropped inputs. */
  faults: number
  lastFault: string | null
  lastFaultAt: number | null
}

function backoffDelay(attempt: number): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, attempt - 1))
  // ±20 % jitter so that accounts failing together do not retry together.
  return Math.round(base * (0.8 + Math.random() * 0.4))
}

export class AccountRuntime {
  readonly status: AccountStatus = {
    running: false, connected: false, lastError: null, lastStartAt: null, lastStopAt: null,
    lastConnectedAt: null, lastInboundAt: null, lastOutboundAt: null, reconnectAttempts: 0,
    faults: 0, lastFault: null, lastFaultAt: null,
  }
  private adapterPromise?: Promise<ChannelAdapter>
  /** The adapter once loaded, for synchronous lookups (webhook routing). */
  loaded?: ChannelAdapter
  private abort?: AbortController
  /** The current run of `adapter.start`; a fault aborts it and the supervisor starts the next one. */
  private run?: AbortController
  /** The last run ended in a fault (see `connected` in supervise). */
  private lastRunFaulted = false
  private loop?: Promise<void>
  private scope?: AccountScope
  private pacer?: ReturnType<typeof createPacer>

  constructor(
    /** Replaced in place by `updatePolicy` when only its policy changed (config edit); the connection is kept. */
    public account: ResolvedAccount,
    private readonly hooks: {
      inbound(rt: AccountRuntime, msg: InboundMessage): Promise<boolean>
      changed(): void
      /** The account (re)connected: what it kept but could not answer yet goes now. */
      connected(rt: AccountRuntime): void
      cursor: { read(accountKey: string): string | undefined; save(accountKey: string, value: string): void }
    },
    /** Replaces the provider's own factory (tests hand in an adapter wired to a stand-in transport). */
    private readonly factory?: ChannelFactory<any>,
  ) {}

  get key(): string {
    return `${this.account.provider}:${this.account.accountId}`
  }

  /** Runs `work` as this account's code: whatever it schedules is attributed to the account. */
  private scoped<T>(work: () => T): T {
    this.scope ??= { key: this.key, fault: (err, where) => this.fault(err, where) }
    return runInAccountScope(this.scope, work)
  }

  /** An escape from the SDK: counted and logged, and the current run ends so the supervisor restarts it with backoff. */
  fault(err: unknown, where: string): void {
    const reason = `${where}: ${describeError(err)}`
    this.countFault(reason)
    log.error(`${this.key}: ${reason}; restarting the account`, err instanceof Error && err.stack ? `\n${err.stack}` : '')
    if (this.run && !this.run.signal.aborted) {
      this.lastRunFaulted = true
      this.markDown(reason)
      this.run.abort()
    }
  }

  /** An inbound item the adapter could not read (malformed upstream data): dropped and counted, the account keeps running. */
  dropped(what: string, err: unknown): void {
    const reason = `dropped ${what}: ${describeError(err)}`
    this.countFault(reason)
    // No health broadcast per dropped item: a flood of bad input must not become a flood of events.
    log.warn(`${this.key}: ${reason}`)
  }

  /** Status changes refresh and broadcast `health`: gateway code, run outside the account's scope. */
  private changed(): void {
    runOutsideAccountScope(() => this.hooks.changed())
  }

  private countFault(reason: string): void {
    Object.assign(this.status, { faults: this.status.faults + 1, lastFault: reason, lastFaultAt: Date.now() })
  }

  /** The adapter, created on first use (this is where the SDK gets imported). */
  adapter(): Promise<ChannelAdapter> {
    const load = this.factory ? Promise.resolve(this.factory) : PROVIDERS[this.account.provider].load()
    this.adapterPromise ??= load.then((factory) => (this.loaded = this.scoped(() => factory(this.account))))
    this.adapterPromise.catch(() => (this.adapterPromise = undefined))
    return this.adapterPromise
  }

  /** Sends through the per-chat pace of this provider. */
  async paced<T>(chatId: string, send: (adapter: ChannelAdapter) => Promise<T>): Promise<T> {
    const adapter = await this.adapter()
    this.pacer ??= createPacer(adapter.perChatIntervalMs)
    const result = await this.pacer(chatId, () => this.scoped(() => send(adapter)))
    this.status.lastOutboundAt = Date.now()
    return result
  }

  start(): void {
    if (this.status.running) return
    this.abort = new AbortController()
    this.status.running = true
    this.status.lastStartAt = Date.now()
    this.loop = this.supervise(this.abort.signal)
    this.changed()
  }

  async stop(): Promise<void> {
    if (!this.status.running) return
    this.abort?.abort()
    await this.loop
    const adapter = await this.adapterPromise?.catch(() => undefined)
    await adapter?.stop().catch((err) => log.warn(`${this.key}: stop failed: ${describeError(err)}`))
    Object.assign(this.status, { running: false, connected: false, lastStopAt: Date.now() })
    this.changed()
  }

  private async supervise(signal: AbortSignal): Promise<void> {
    let attempt = 0
    while (!signal.aborted) {
      const run = (this.run = new AbortController())
      const faulted = this.lastRunFaulted
      this.lastRunFaulted = false
      let connectedAt: number | undefined
      const stopRun = () => run.abort()
      signal.addEventListener('abort', stopRun, { once: true })
      try {
        const adapter = await this.adapter()
        await this.scoped(() => adapter.start({
          message: (msg) => {
            this.status.lastInboundAt = Date.now()
            return runOutsideAccountScope(() => this.hooks.inbound(this, msg))
          },
          connected: () => {
            connectedAt = Date.now()
            // After a fault the backoff is kept until the connection has stayed up a while (below): an
            // upstream that keeps sending what breaks the SDK gets slower restarts, not one every 500 ms.
            if (!faulted) attempt = 0
            Object.assign(this.status, { connected: true, lastError: null, reconnectAttempts: 0, lastConnectedAt: connectedAt })
            this.changed()
            runOutsideAccountScope(() => this.hooks.connected(this))
          },
          disconnected: (reason) => this.markDown(reason),
          fault: (err, where) => this.fault(err, where),
          dropped: (what, err) => this.dropped(what, err),
          cursor: { read: () => this.hooks.cursor.read(this.key), save: (value) => this.hooks.cursor.save(this.key, value) },
        }, run.signal))
        if (!run.signal.aborted) this.markDown('the connection ended')
      } catch (err) {
        if (!run.signal.aborted) this.markDown(describeError(err))
      } finally {
        signal.removeEventListener('abort', stopRun)
      }
      if (signal.aborted) break
      if (connectedAt !== undefined && Date.now() - connectedAt >= BACKOFF_MAX_MS) attempt = 0
      attempt++
      this.status.reconnectAttempts = attempt
      const delay = backoffDelay(attempt)
      log.warn(`${this.key}: ${this.status.lastError}; retrying in ${delay} ms (attempt ${attempt})`)
      await sleepUnlessAborted(delay, signal)
    }
  }

  private markDown(reason: string): void {
    const changed = this.status.connected || this.status.lastError !== reason
    Object.assign(this.status, { connected: false, lastError: reason })
    if (changed) this.changed()
  }
}

function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
  })
}
