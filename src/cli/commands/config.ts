/** `openclaw config …`: read and edit `openclaw.json` by path, through the running gateway when one answers. */
import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'config', description: 'Read, edit or validate the config file (through the running gateway when one answers)' },
  subCommands: {
    get: () => import('./config/get.ts').then((m) => m.default),
    set: () => import('./config/set.ts').then((m) => m.default),
    unset: () => import('./config/unset.ts').then((m) => m.default),
    validate: () => import('./config/validate.ts').then((m) => m.default),
  },
})
