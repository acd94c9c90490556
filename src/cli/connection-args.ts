/** `--url` / `--token` / `--password` / `--json` shared by every command that talks to a gateway. */
import { loadConfig } from '../config/load-config.ts'
import { resolveConfigPath } from '../config/paths.ts'
import { DEFAULT_PORT } from '../protocol/index.ts'
import { ClientError, GatewayClient } from './gateway-client.ts'
import { EXIT } from './exit-codes.ts'
import { fail } from './fail.ts'
import { checkFingerprint } from './check-fingerprint.ts'
import { checkGatewayUrl, checkPositiveInteger } from './flag-checks.ts'

export const connectionArgs = {
  url: { type: 'string', valueHint: 'url', description: 'Gateway WebSocket URL (default ws://127.0.0.1:18789)', check: checkGatewayUrl },
  token: { type: 'string', valueHint: 'token', description: 'Gateway token (default $OPENCLAW_GATEWAY_TOKEN or the config file)' },
  password: { type: 'string', valueHint: 'password', description: 'Gateway password' },
  json: { type: 'boolean', description: 'Print JSON' },
  timeout: { type: 'string', valueHint: 'ms', description: 'Timeout in milliseconds (default 10000)', check: checkPositiveInteger },
  'tls-fingerprint': { type: 'string', valueHint: 'sha256', description: 'SHA-256 fingerprint to pin a wss:// gateway certificate to', check: checkFingerprint },
} as const

export interface ConnectionFlags {
  url?: string
  token?: string
  password?: string
  timeout?: string
  tlsFingerprint?: string
}

/** Flag > environment > config file (`gateway.remote.*`, then the local gateway's own settings). */
async function resolveConnection(flags: ConnectionFlags, env = process.env) {
  let file: Awaited<ReturnType<typeof loadConfig>>['config'] = {}
  try {
    file = (await loadConfig(resolveConfigPath(undefined, env))).config
  } catch {
    // An unreadable config must not stop a client from reaching a gateway given on the command line.
  }
  const gw = file.gateway ?? {}
  const port = Number(env.OPENCLAW_GATEWAY_PORT ?? gw.port ?? DEFAULT_PORT)
  return {
    url: flags.url ?? env.OPENCLAW_GATEWAY_URL ?? gw.remote?.url ?? `ws://127.0.0.1:${port}`,
    token: flags.token ?? env.OPENCLAW_GATEWAY_TOKEN ?? gw.remote?.token ?? gw.auth?.token,
    password: flags.password ?? env.OPENCLAW_GATEWAY_PASSWORD ?? gw.remote?.password ?? gw.auth?.password,
    timeoutMs: flags.timeout ? Number(flags.timeout) : undefined,
    tlsFingerprint: flags.tlsFingerprint ?? env.OPENCLAW_GATEWAY_TLS_FINGERPRINT ?? gw.remote?.tlsFingerprint,
  }
}

/** Connects, runs `work`, closes; any failure becomes one line and a meaningful exit code. */
export async function withGateway<T>(flags: ConnectionFlags, work: (client: GatewayClient) => Promise<T>): Promise<T> {
  try {
    return await connectAndRun(flags, work)
  } catch (err) {
    return failFor(err)
  }
}

/**
 * Like withGateway, but when no gateway answers (and none was named with --url) resolves undefined,
 * so the command can do the work on the files itself.
 */
export async function withGatewayIfRunning<T>(flags: ConnectionFlags, work: (client: GatewayClient) => Promise<T>): Promise<T | undefined> {
  let connected = false
  try {
    return await connectAndRun(flags, (client) => ((connected = true), work(client)))
  } catch (err) {
    if (!connected && err instanceof ClientError && err.kind === 'unreachable' && !flags.url) return undefined
    return failFor(err)
  }
}

/**
 * For a command that outlives one connection (`logs --follow`): a gateway that is unreachable or
 * closes the connection (a restart) comes back as the error, for the caller to retry; anything else
 * (refused credentials, a failed request) ends the command as withGateway does.
 */
export async function withGatewayOrLost<T>(flags: ConnectionFlags, work: (client: GatewayClient) => Promise<T>): Promise<T | ClientError> {
  try {
    return await connectAndRun(flags, work)
  } catch (err) {
    if (err instanceof ClientError && (err.kind === 'unreachable' || err.kind === 'closed')) return err
    return failFor(err)
  }
}

/** The connection's lifetime, shared by the three above: they differ only in which failures they take back. */
async function connectAndRun<T>(flags: ConnectionFlags, work: (client: GatewayClient) => Promise<T>): Promise<T> {
  const client = await GatewayClient.connect(await resolveConnection(flags))
  try {
    return await work(client)
  } finally {
    client.close()
  }
}

function failFor(err: unknown): never {
  if (!(err instanceof ClientError)) throw err
  const code = { unreachable: EXIT.unreachable, unauthorized: EXIT.unauthorized, failed: EXIT.failed, closed: EXIT.failed }[err.kind]
  const detail = (err.details as { code?: string } | undefined)?.code ?? err.code
  return fail(detail ? `${err.message} [${detail}]` : err.message, code)
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}
