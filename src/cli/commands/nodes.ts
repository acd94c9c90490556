/** `openclaw nodes …`: node pairing (the capability surface a node may expose) and invoking node commands. */
import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'nodes', description: 'Node status, pairing (list, approve, reject, rename, remove) and invoking a command on one' },
  subCommands: {
    status: () => import('./nodes/status.ts').then((m) => m.default),
    list: () => import('./nodes/list.ts').then((m) => m.default),
    describe: () => import('./nodes/describe.ts').then((m) => m.default),
    pending: () => import('./nodes/pending.ts').then((m) => m.default),
    approve: () => import('./nodes/approve.ts').then((m) => m.default),
    reject: () => import('./nodes/reject.ts').then((m) => m.default),
    rename: () => import('./nodes/rename.ts').then((m) => m.default),
    remove: () => import('./nodes/remove.ts').then((m) => m.default),
    invoke: () => import('./nodes/invoke.ts').then((m) => m.default),
  },
})
