/** A node and an operator on a test gateway, with the approval dance in one call. */
import { expect } from 'bun:test'
import { TestClient } from '../helpers/client.ts'
import { createDeviceIdentity, type DeviceIdentity } from '../helpers/device.ts'
import type { TestGateway } from '../helpers/gateway.ts'

export const NODE_COMMANDS = ['system.which', 'system.run', 'canvas.read', 'canvas.write']

export interface TestNode {
  client: TestClient
  device: DeviceIdentity
  nodeId: string
}

export async function connectNode(gw: TestGateway, opts: { commands?: string[]; caps?: string[]; device?: DeviceIdentity } = {}): Promise<TestNode> {
  const device = opts.device ?? createDeviceIdentity()
  const client = await TestClient.connect(gw.url, {
    token: gw.token,
    clientId: 'node-host',
    clientMode: 'node',
    role: 'node',
    scopes: [],
    device,
    caps: opts.caps ?? ['system'],
    commands: opts.commands ?? NODE_COMMANDS,
    deviceFamily: 'Linux',
  })
  expect(client.hello?.type).toBe('hello-ok')
  return { client, device, nodeId: device.id }
}

export function connectOperator(gw: TestGateway, scopes?: string[]): Promise<TestClient> {
  return TestClient.connect(gw.url, { token: gw.token, ...(scopes && { scopes }) })
}

/** Approves the node's pending surface with a full-scope operator and waits until the node hears it. */
export async function approveNode(admin: TestClient, node: TestNode): Promise<string> {
  const { pending } = await admin.call('node.pair.list')
  const request = pending.find((p: { nodeId: string }) => p.nodeId === node.nodeId)
  expect(request).toBeDefined()
  await admin.call('node.pair.approve', { requestId: request.requestId })
  const resolved = await node.client.event('node.pair.resolved')
  expect(resolved.payload.decision).toBe('approved')
  expect(resolved.seq).toBeUndefined() // sent to the node directly, outside the broadcast sequence
  return request.requestId
}

/** Answers every `node.invoke.request` the node receives with `reply(command, params)`. */
export function serveInvokes(node: TestNode, reply: (command: string, params: unknown) => unknown): void {
  node.client.ws.addEventListener('message', (ev) => {
    const frame = JSON.parse(String(ev.data))
    if (frame.type !== 'event' || frame.event !== 'node.invoke.request') return
    const { id, command, paramsJSON } = frame.payload
    const payload = reply(command, paramsJSON ? JSON.parse(paramsJSON) : null)
    node.client.sendRaw(JSON.stringify({
      type: 'req', id: `res-${id}`, method: 'node.invoke.result',
      params: { id, nodeId: node.nodeId, ok: true, payloadJSON: JSON.stringify(payload) },
    }))
  })
}

export const invokeParams = (nodeId: string, command: string, extra: Record<string, unknown> = {}) => ({
  nodeId, command, idempotencyKey: crypto.randomUUID(), ...extra,
})
