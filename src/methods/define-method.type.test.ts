// Type-level tests: `bun run typecheck` fails if defineMethod stops inferring params and results.
import { expect, test } from 'bun:test'
import { defineMethod } from './define-method.ts'

test('defineMethod infers params and result from the method name', () => {
  const m = defineMethod('set-heartbeats', {
    access: 'operator.admin',
    handle(params) {
      const enabled: boolean = params.enabled
      // @ts-expect-error: set-heartbeats has no `text` param
      void params.text
      return { ok: true as const, enabled }
    },
  })
  // @ts-expect-error: the result must carry `enabled`
  defineMethod('set-heartbeats', { access: 'operator.admin', handle: () => ({ ok: true as const }) })
  expect(m.name).toBe('set-heartbeats')
})
