/** `logs.tail`: the newest lines of the gateway's log ring after the caller's cursor. */
import { defineMethod } from './define-method.ts'

export const logsTail = defineMethod('logs.tail', {
  access: 'operator.read',
  handle: (p, ctx) => ctx.logs.tail({ cursor: p.cursor, limit: p.limit ?? 500, maxBytes: p.maxBytes ?? 250_000 }),
})
