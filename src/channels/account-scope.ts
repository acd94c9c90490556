/**
 * Which channel account a piece of code runs for. Each account's SDK is created and run inside its
 * scope, and the scope follows the SDK's own callbacks (socket messages, timers, promises), so a throw
 * that escapes the SDK can still be pinned to the account it came from: that account restarts, the
 * process does not die.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

export interface AccountScope {
  /** `provider:accountId`. */
  key: string
  /** The SDK failed outside any call we made: count it, log it with the account, restart the account. */
  fault(err: unknown, where: string): void
}

const scope = new AsyncLocalStorage<AccountScope>()

export function runInAccountScope<T>(account: AccountScope, work: () => T): T {
  return scope.run(account, work)
}

/** Runs `work` outside any account's scope: the gateway's own handling of what an account delivered (routing, the agent's turn) is not that account's SDK. */
export function runOutsideAccountScope<T>(work: () => T): T {
  return scope.exit(work)
}

/** The account whose code is running now, if any. */
export function currentAccountScope(): AccountScope | undefined {
  return scope.getStore()
}
