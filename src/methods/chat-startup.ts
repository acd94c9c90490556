import { defineMethod } from './define-method.ts'
import { readPage } from './chat-page.ts'
import { modelDefaults } from './session-row.ts'

/** What the Control UI's chat view needs to open a session: its tail page, its row and the model defaults. */
export const chatStartup = defineMethod('chat.startup', {
  access: 'operator.read',
  handle(p, ctx) {
    const page = readPage(p, ctx)
    return 'kind' in page ? page : { ...page, defaults: modelDefaults(ctx) }
  },
})
