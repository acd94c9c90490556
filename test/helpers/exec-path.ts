/**
 * The fakes in test/fakes that stand in for executables (signal-cli, imsg) are Bun scripts with a
 * `#!/usr/bin/env bun` line; the project's Bun lives in node_modules/.bin, which `bun test` run
 * directly does not put on PATH. Children the gateway spawns inherit this process's environment.
 */
import { join } from 'node:path'

const BIN = join(import.meta.dir, '..', '..', 'node_modules', '.bin')

export function putBunOnPath(): void {
  const path = process.env.PATH ?? ''
  if (!path.split(':').includes(BIN)) process.env.PATH = `${BIN}:${path}`
}

/**
 * A loopback port that was free a moment ago (for a daemon the gateway itself starts). The probe
 * answers nothing useful, so a gateway that reaches it before it is gone cannot take it for a daemon.
 */
export async function freePort(): Promise<number> {
  const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response(null, { status: 503 }) })
  const port = probe.port!
  await probe.stop(true)
  return port
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
