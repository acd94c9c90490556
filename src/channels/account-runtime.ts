/**
 * One account's lifecycle: load the provider's factory (first use only), run the adapter, and when the
 * connection fails, retry with capped exponential backoff. Status is kept here for `channels.status`.
 */
import { logger } from '../log.ts'
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
  }
  private adapterPromise?: Promise<ChannelAdapter>
  /** The adapter once loaded, for synchronous lookups (webhook routing). */
  loaded?: ChannelAdapter
  private abort?: AbortController
  private loop?: Promise<void>
  private pacer?: ReturnType<typeof createPacer>

  constructor(
    /** Replaced in place by `updatePolicy` when only its policy changed (config edit); the connection is kept. */
    public account: ResolvedAccount,
    private readonly hooks: { inbound(rt: AccountRuntime, msg: InboundMessage): void; changed(): void },
    /** Replaces the provider's own factory (tests hand in an adapter wired to a stand-in transport). */
    private readonly factory?: ChannelFactory<any>,
  ) {}

  get key(): string {
    return `${this.account.provider}:${this.account.accountId}`
  }

  /** The adapter, created on first use (this is where the SDK gets imported). */
  adapter(): Promise<ChannelAdapter> {
    const load = this.factory ? Promise.resolve(this.factory) : PROVIDERS[this.account.provider].load()
    this.adapterPromise ??= load.then((factory) => (this.loaded = factory(this.account)))
    this.adapterPromise.catch(() => (this.adapterPromise = undefined))
    return this.adapterPromise
  }

  /** Sends through the per-chat pace of this provider. */
  async paced<T>(chatId: string, send: (adapter: ChannelAdapter) => Promise<T>): Promise<T> {
    const adapter = await this.adapter()
    this.pacer ??= createPacer(adapter.perChatIntervalMs)
    const result = await this.pacer(chatId, () => send(adapter))
    this.status.lastOutboundAt = Date.now()
    return result
  }

  start(): void {
    if (this.status.running) return
    this.abort = new AbortController()
    this.status.running = true
    this.status.lastStartAt = Date.now()
    this.loop = this.supervise(this.abort.signal)
    this.hooks.changed()
  }

  async stop(): Promise<void> {
    if (!this.status.running) return
    this.abort?.abort()
    await this.loop
    const adapter = await this.adapterPromise?.catch(() => undefined)
    await adapter?.stop().catch((err) => log.warn(`${this.key}: stop failed: ${describeError(err)}`))
    Object.assign(this.status, { running: false, connected: false, lastStopAt: Date.now() })
    this.hooks.changed()
  }

  private async supervise(signal: AbortSignal): Promise<void> {
    let attempt = 0
    while (!signal.aborted) {
      try {
        const adapter = await this.adapter()
        await adapter.start({
          message: (msg) => {
            this.status.lastInboundAt = Date.now()
            this.hooks.inbound(this, msg)
          },
          connected: () => {
            attempt = 0
            Object.assign(this.status, { connected: true, lastError: null, reconnectAttempts: 0, lastConnectedAt: Date.now() })
            this.hooks.changed()
          },
          disconnected: (reason) => this.markDown(reason),
        }, signal)
        if (!signal.aborted) this.markDown('the connection ended')
      } catch (err) {
        if (!signal.aborted) this.markDown(describeError(err))
      }
      if (signal.aborted) break
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
    if (changed) this.hooks.changed()
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
