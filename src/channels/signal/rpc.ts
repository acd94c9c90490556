/**
 * JSON-RPC 2.0 over signal-cli's `POST /api/v1/rpc`. Transport failures, HTTP errors and JSON-RPC
 * errors all leave as the channel's typed error (`CHANNEL_FAILED` with the daemon's reason).
 */
import { channelError } from '../errors.ts'

const RPC_TIMEOUT_MS = 30_000

type SignalRpc = <T = unknown>(method: string, params: Record<string, unknown>) => Promise<T>

/**
 * `account` is sent with each call so that a multi-account daemon knows which number acts (one started
 * for a single number ignores it; daemon.ts makes sure such a daemon is ours). Without it: calls that
 * concern no account (`listAccounts`).
 */
export function createSignalRpc(baseUrl: string, account?: string): SignalRpc {
  let nextId = 1
  return async function call<T>(method: string, params: Record<string, unknown>): Promise<T> {
    const body = JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params: account ? { ...params, account } : params })
    let res: Response
    try {
      res = await fetch(`${baseUrl}/api/v1/rpc`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(RPC_TIMEOUT_MS),
      })
    } catch (err) {
      throw channelError('signal', method, { reason: `network error: ${(err as Error).message}` }, err)
    }
    // 201: the daemon took the call as a notification and has nothing to say.
    if (res.status === 201) return undefined as T
    if (!res.ok) throw channelError('signal', method, { reason: `HTTP ${res.status}`, status: res.status })
    const reply = (await res.json().catch(() => undefined)) as { result?: T; error?: { code?: number; message?: string } } | undefined
    if (!reply || typeof reply !== 'object') throw channelError('signal', method, { reason: 'the daemon answered with something other than JSON-RPC' })
    if (reply.error) throw channelError('signal', method, { reason: reply.error.message || `JSON-RPC error ${reply.error.code}` })
    return reply.result as T
  }
}
