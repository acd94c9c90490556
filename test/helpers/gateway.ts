/** Starts a real gateway for a test: in this process on a free loopback port, or as a child process. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { resolveSettings, type GatewaySettings } from '../../src/config/settings.ts'
import { startGateway, type RunningGateway, type StartOptions } from '../../src/gateway/server.ts'
import type { GatewayLimits } from '../../src/gateway/runtime.ts'

export const TEST_TOKEN = 'test-token'

export interface TestGateway extends RunningGateway {
  token: string
  stateDir: string
}

export function tempStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'openclaw-test-'))
}

export async function startTestGateway(opts: {
  settings?: Partial<GatewaySettings>
  limits?: Partial<GatewayLimits>
  stateDir?: string
  persistent?: boolean
  clock?: () => number
  channelFactories?: StartOptions['channelFactories']
  routes?: StartOptions['routes']
} = {}): Promise<TestGateway> {
  const stateDir = opts.stateDir ?? tempStateDir()
  const flags = { port: 0, token: TEST_TOKEN }
  const base = resolveSettings({ path: join(stateDir, 'openclaw.json'), exists: false, config: {}, unsupportedKeys: [] }, flags, stateDir, {})
  const settings = { ...base, ...opts.settings }
  const gw = await startGateway({ settings, flags, env: {}, limits: opts.limits, database: opts.persistent ? undefined : ':memory:', lock: false, clock: opts.clock, channelFactories: opts.channelFactories, routes: opts.routes })
  return {
    ...gw,
    token: settings.auth.token ?? TEST_TOKEN,
    stateDir,
    async stop(reason?: string) {
      await gw.stop(reason)
      if (!opts.stateDir) rmSync(stateDir, { recursive: true, force: true })
    },
  }
}

export const ENTRY = join(import.meta.dir, '..', '..', 'src', 'main.ts')

export interface SpawnedGateway {
  proc: ReturnType<typeof Bun.spawn>
  url: string
  port: number
  output: () => string
}

/**
 * Runs `openclaw gateway run` (source or a compiled binary) as a child process on a free port and
 * waits for its "listening on" line.
 */
export async function spawnGateway(opts: { args?: string[]; env?: Record<string, string>; binary?: string; stateDir: string; port?: number }): Promise<SpawnedGateway> {
  const cmd = opts.binary ? [opts.binary] : [process.execPath, ENTRY]
  const proc = Bun.spawn([...cmd, 'gateway', 'run', '--port', String(opts.port ?? 0), ...(opts.args ?? [])], {
    env: { ...process.env, OPENCLAW_STATE_DIR: opts.stateDir, OPENCLAW_CONFIG_PATH: join(opts.stateDir, 'openclaw.json'), ...opts.env },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  let text = ''
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder()
    for await (const chunk of stream) text += decoder.decode(chunk)
  }
  void collect(proc.stdout as ReadableStream<Uint8Array>)
  void collect(proc.stderr as ReadableStream<Uint8Array>)
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    const m = text.match(/listening on (wss?:\/\/[^\s]+:(\d+))/)
    if (m) return { proc, url: m[1]!, port: Number(m[2]), output: () => text }
    if (proc.exitCode !== null) throw new Error(`gateway exited ${proc.exitCode}: ${text}`)
    await Bun.sleep(20)
  }
  proc.kill()
  throw new Error(`gateway did not start: ${text}`)
}

/** Waits for a child to exit and returns its code, or throws after `ms`. */
export async function exitWithin(proc: ReturnType<typeof Bun.spawn>, ms: number): Promise<number> {
  const timer = Bun.sleep(ms).then(() => {
    throw new Error(`process still running after ${ms} ms`)
  })
  return Promise.race([proc.exited, timer])
}
