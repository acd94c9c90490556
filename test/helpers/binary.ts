/**
 * The compiled binary for tests that must run what users run. Built once per test process (about
 * half a minute on two cores) and shared by every test file that asks for it; removed at exit.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

let built: Promise<string> | undefined

export function compiledBinary(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openclaw-bin-'))
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
    const binary = join(dir, 'openclaw')
    const build = Bun.spawn([process.execPath, join(import.meta.dir, '..', '..', 'build.ts'), `--outfile=${binary}`], { stdout: 'pipe', stderr: 'pipe' })
    if ((await build.exited) !== 0) throw new Error(`build failed: ${await new Response(build.stderr).text()}`)
    return binary
  })()
  return built
}

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs the binary with stdout and stderr on pipes (never a terminal) and waits for it. */
export async function runBinary(binary: string, args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const proc = Bun.spawn([binary, ...args], { env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env }, stdout: 'pipe', stderr: 'pipe' })
  const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()])
  return { code: await proc.exited, stdout, stderr }
}
