/** `openclaw pairing …`: list and approve DM senders waiting behind a pairing code. */
import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'pairing', description: 'List or approve DM pairing requests (chat senders, not devices)' },
  subCommands: {
    list: () => import('./pairing/list.ts').then((m) => m.default),
    approve: () => import('./pairing/approve.ts').then((m) => m.default),
  },
})
