/** `openclaw gateway …`: run the daemon (the default), call it, check it, install it as a service. */
import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'gateway', description: 'Run the gateway in the foreground (default), or call / check / install it' },
  default: 'run',
  subCommands: {
    run: () => import('./gateway/run.ts').then((m) => m.default),
    call: () => import('./gateway/call.ts').then((m) => m.default),
    health: () => import('./gateway/health.ts').then((m) => m.default),
    install: () => import('./gateway/install.ts').then((m) => m.default),
    uninstall: () => import('./gateway/uninstall.ts').then((m) => m.default),
  },
})
