import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import type { CommandContext } from './types.ts'
import { CHILD_ENV_KEYS, resolveAllowed, systemRun } from './system-run.ts'

const ctx = (allow: string[], limits: { timeoutMs?: number; maxOutputBytes?: number } = {}) =>
  ({ settings: { systemRun: { allow, timeoutMs: limits.timeoutMs ?? 5000, maxOutputBytes: limits.maxOutputBytes ?? 65536 } } }) as unknown as CommandContext

describe('system.run', () => {
  test('the allowlist is checked on the resolved executable', () => {
    const sh = Bun.which('sh')!
    expect(resolveAllowed('sh', ['sh'])).toBe(sh)
    expect(resolveAllowed('sh', [sh])).toBe(sh)
    expect(resolveAllowed('sh', ['echo'])).toBeNull()
    // a path is only allowed by an absolute entry, never by a bare name
    expect(resolveAllowed('/tmp/sh', ['sh'])).toBeNull()
    expect(resolveAllowed('./sh', ['sh'])).toBeNull()
  })

  test('refuses anything off the allowlist with NOT_ALLOWED', async () => {
    await expect(systemRun({ command: ['sh', '-c', 'echo no'] }, ctx(['echo']))).rejects.toMatchObject({ code: 'NOT_ALLOWED' })
    await expect(systemRun({ command: [] }, ctx(['echo']))).rejects.toMatchObject({ code: 'INVALID_PARAMS' })
  })

  test('kills a command that outlives its time', async () => {
    const result = (await systemRun({ command: ['sleep', '5'], timeoutMs: 100 }, ctx(['sleep']))) as Record<string, unknown>
    expect(result).toMatchObject({ timedOut: true, success: false })
  })

  test.skipIf(process.platform !== 'linux')('a timeout kills the whole process group, background children included', async () => {
    const result = (await systemRun({ command: ['sh', '-c', 'sleep 30 & echo $!; wait'], timeoutMs: 300 }, ctx(['sh']))) as Record<string, unknown>
    expect(result).toMatchObject({ timedOut: true, success: false })
    const grandchild = Number((result.stdout as string).trim())
    expect(grandchild).toBeGreaterThan(0)
    // Dead means gone or a zombie (state Z: killed, waiting for whoever reaps orphans here).
    const alive = () => {
      try {
        return readFileSync(`/proc/${grandchild}/stat`, 'utf8').split(') ')[1]![0] !== 'Z'
      } catch {
        return false
      }
    }
    for (let i = 0; i < 100 && alive(); i++) await Bun.sleep(10)
    expect(alive()).toBe(false)
  })

  test('the command gets a minimal environment: never the node host\'s gateway token', async () => {
    process.env.OPENCLAW_GATEWAY_TOKEN = 'node-host-secret'
    process.env.SOME_API_KEY = 'also-secret'
    try {
      const result = (await systemRun({ command: ['env'] }, ctx(['env']))) as Record<string, unknown>
      const names = (result.stdout as string).trim().split('\n').map((line) => line.split('=')[0])
      expect(result.stdout).not.toContain('secret')
      expect(names).toContain('OPENCLAW_SHELL')
      for (const name of names) expect([...CHILD_ENV_KEYS, 'OPENCLAW_SHELL', 'PWD', 'SHLVL', '_']).toContain(name!)
    } finally {
      delete process.env.OPENCLAW_GATEWAY_TOKEN
      delete process.env.SOME_API_KEY
    }
  })

  test('keeps at most maxOutputBytes of output and says it truncated', async () => {
    const result = (await systemRun({ command: ['head', '-c', '100000', '/dev/zero'] }, ctx(['head'], { maxOutputBytes: 1024 }))) as Record<string, unknown>
    expect((result.stdout as string).length).toBe(1024)
    expect(result).toMatchObject({ truncated: true, exitCode: 0 })
  })
})
