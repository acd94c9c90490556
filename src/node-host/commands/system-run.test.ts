import { describe, expect, test } from 'bun:test'
import type { CommandContext } from './types.ts'
import { resolveAllowed, systemRun } from './system-run.ts'

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

  test('keeps at most maxOutputBytes of output and says it truncated', async () => {
    const result = (await systemRun({ command: ['head', '-c', '100000', '/dev/zero'] }, ctx(['head'], { maxOutputBytes: 1024 }))) as Record<string, unknown>
    expect((result.stdout as string).length).toBe(1024)
    expect(result).toMatchObject({ truncated: true, exitCode: 0 })
  })
})
