/** `openclaw sessions …`: the gateway's conversation sessions (`openclaw sessions` alone lists them). */
import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'sessions', description: 'List conversation sessions' },
  default: 'list',
  subCommands: {
    list: () => import('./sessions/list.ts').then((m) => m.default),
  },
})
