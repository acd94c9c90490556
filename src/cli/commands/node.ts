/** `openclaw node …`: run this machine as a headless node of a gateway (the default verb is `run`). */
import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'node', description: 'Run a headless node host that a gateway can invoke commands on' },
  default: 'run',
  subCommands: {
    run: () => import('./node/run.ts').then((m) => m.default),
  },
})
