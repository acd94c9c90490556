import { defineMethod } from './define-method.ts'
import { readPage } from './chat-page.ts'

/**
 * The newest `limit` messages (oldest first), skipping `offset` newer ones; page back with `nextOffset`.
 * A `deltaCursor` from an earlier tail page as `cursor` returns only what was added since.
 */
export const chatHistory = defineMethod('chat.history', {
  access: 'operator.read',
  handle: (p, ctx) => readPage(p, ctx),
})
