import { defineMethod } from './define-method.ts'

/** Connected node sessions, connected-first then by name. */
export const nodeList = defineMethod('node.list', {
  access: 'operator.read',
  handle(_params, ctx) {
    const nodes = ctx.connections
      .sessions()
      .filter((s) => s.role === 'node')
      .map((s) => ({
        nodeId: s.deviceId ?? s.client.id,
        displayName: s.client.displayName,
        platform: s.client.platform,
        version: s.client.version,
        clientId: s.client.id,
        clientMode: s.client.mode,
        remoteIp: s.ip,
        caps: [...s.caps],
        commands: [...s.commands],
        approvalState: 'approved' as const,
        paired: s.deviceId !== undefined,
        connected: true,
      }))
      .sort((a, b) => (a.displayName ?? a.nodeId).localeCompare(b.displayName ?? b.nodeId))
    return { ts: Date.now(), nodes }
  },
})
