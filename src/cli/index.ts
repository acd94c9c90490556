/** The `openclaw` command: each verb loads lazily, so `openclaw gateway` does not pay for the others. */
import { defineCommand } from 'citty'
import { VERSION } from '../version.ts'

export const cli = defineCommand({
  meta: { name: 'openclaw', version: VERSION, description: 'OpenClaw-compatible gateway (independent Bun implementation)' },
  subCommands: {
    gateway: () => import('./commands/gateway.ts').then((m) => m.default),
    status: () => import('./commands/status.ts').then((m) => m.default),
    agent: () => import('./commands/agent.ts').then((m) => m.default),
    message: () => import('./commands/message.ts').then((m) => m.default),
    sessions: () => import('./commands/sessions.ts').then((m) => m.default),
    logs: () => import('./commands/logs.ts').then((m) => m.default),
    nodes: () => import('./commands/nodes.ts').then((m) => m.default),
    node: () => import('./commands/node.ts').then((m) => m.default),
    devices: () => import('./commands/devices.ts').then((m) => m.default),
    pairing: () => import('./commands/pairing.ts').then((m) => m.default),
    channels: () => import('./commands/channels.ts').then((m) => m.default),
    config: () => import('./commands/config.ts').then((m) => m.default),
    dashboard: () => import('./commands/dashboard.ts').then((m) => m.default),
  },
})
