import { defineMethod } from './define-method.ts'

/** Open to every authenticated client, nodes included; answered from the cached snapshot. */
export const health = defineMethod('health', {
  access: 'any',
  handle: ({ probe }, ctx) => (probe ? ctx.health.refresh() : ctx.health.snapshot()),
})
