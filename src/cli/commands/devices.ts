/** `openclaw devices …`: pairing requests, paired devices and their tokens, on a running gateway. */
import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'devices', description: 'List, approve, reject, remove and rename devices; rotate or revoke their tokens' },
  subCommands: {
    list: () => import('./devices/list.ts').then((m) => m.default),
    approve: () => import('./devices/approve.ts').then((m) => m.default),
    reject: () => import('./devices/reject.ts').then((m) => m.default),
    remove: () => import('./devices/remove.ts').then((m) => m.default),
    rename: () => import('./devices/rename.ts').then((m) => m.default),
    rotate: () => import('./devices/rotate.ts').then((m) => m.default),
    revoke: () => import('./devices/revoke.ts').then((m) => m.default),
  },
})
