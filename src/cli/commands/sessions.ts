/** `openclaw sessions …`: the gateway's conversation sessions (`openclaw sessions` alone lists them). */
import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'sessions', description: 'List conversation sessions, apply session.maintenance, cut a transcript' },
  default: 'list',
  subCommands: {
    list: () => import('./sessions/list.ts').then((m) => m.default),
    cleanup: () => import('./sessions/cleanup.ts').then((m) => m.default),
    compact: () => import('./sessions/compact.ts').then((m) => m.default),
  },
})
