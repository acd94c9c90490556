/**
 * Inventories the Control UI reads whose truthful answer here is fixed: the plugins (none), the
 * approvals resolved (none ever asked for), and the environments sessions run in (the gateway host).
 * The protocol files (protocol/methods/plugins.ts, approvals.ts, environments.ts) say why.
 */
import { platform } from 'node:os'
import { defineMethod } from './define-method.ts'

export const pluginsList = defineMethod('plugins.list', {
  access: 'operator.read',
  handle: () => ({ generation: 0, plugins: [], diagnostics: [], mutationAllowed: false as const }),
})

export const pluginsCatalogBrowse = defineMethod('plugins.catalog.browse', {
  access: 'operator.read',
  handle: () => ({ items: [], remoteError: 'This gateway installs no plugins: its channels and tools are built in.' }),
})

export const approvalHistory = defineMethod('approval.history', {
  access: 'operator.approvals',
  handle: () => ({ items: [] }),
})

export const environmentsList = defineMethod('environments.list', {
  access: 'operator.read',
  handle: (p) => ({
    environments: p.projection === 'profiles' ? [] : [{
      id: 'gateway' as const, type: 'local' as const, label: 'Gateway local', status: 'available' as const, platform: platform(),
      sessionHost: true as const, trust: 'persistent' as const, capabilities: ['agent.run', 'sessions', 'tools', 'workspace'],
    }],
  }),
})
