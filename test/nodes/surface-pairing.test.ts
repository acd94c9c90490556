import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import type { TestClient } from '../helpers/client.ts'
import { approveNode, connectNode, connectOperator, invokeParams, NODE_COMMANDS } from './node-helpers.ts'

let gw: TestGateway
let admin: TestClient
beforeEach(async () => {
  gw = await startTestGateway()
  admin = await connectOperator(gw)
})
afterEach(() => gw.stop())

describe('a node connecting for the first time', () => {
  test('is device-paired silently but files a capability request that operators see', async () => {
    const node = await connectNode(gw, { commands: [...NODE_COMMANDS, 'file.write', 'camera.snap'] })
    expect(node.client.hello!.auth.deviceToken).toBeString()
    const requested = await admin.event('node.pair.requested')
    expect(requested.payload).toMatchObject({
      nodeId: node.nodeId,
      clientId: 'node-host',
      clientMode: 'node',
      caps: ['system'],
      // plugin-owned and opt-in commands are filtered out before anyone is asked
      commands: ['canvas.read', 'canvas.write', 'system.run', 'system.which'],
      requiredApproveScopes: ['operator.pairing', 'operator.admin'],
      silent: true,
    })
    const { nodes } = await admin.call('node.list')
    expect(nodes).toHaveLength(1)
    expect(nodes[0]).toMatchObject({
      nodeId: node.nodeId, approvalState: 'pending-approval', commands: [], caps: [], paired: true, connected: true,
      pendingRequestId: requested.payload.requestId,
    })
  })

  test('cannot publish its inventory nor be invoked until approved', async () => {
    const node = await connectNode(gw)
    const inventory = await node.client.request('node.runnerInventory.update', { protocolFeatures: [] })
    expect(inventory.error.code).toBe('UNAVAILABLE')
    expect(inventory.error.details.code).toBe('NODE_APPROVAL_PENDING')
    const res = await admin.request('node.invoke', invokeParams(node.nodeId, 'system.which', { params: { bins: ['sh'] } }))
    expect(res.error.code).toBe('INVALID_REQUEST')
    expect(res.error.details).toMatchObject({ reason: 'command-not-approved', command: 'system.which' })
    // A round trip on the node's socket: a request sent to it before would have arrived first.
    await node.client.request('node.event', { event: 'fence' })
    expect(node.client.frames.some((f) => f.event === 'node.invoke.request')).toBe(false)
  })
})

describe('approval', () => {
  test('of admin-class commands needs operator.admin (FORBIDDEN MISSING_SCOPE)', async () => {
    const node = await connectNode(gw)
    const { requestId } = (await admin.event('node.pair.requested')).payload
    const pairer = await connectOperator(gw, ['operator.pairing', 'operator.write'])
    const res = await pairer.request('node.pair.approve', { requestId })
    expect(res.error.code).toBe('FORBIDDEN')
    expect(res.error.details).toMatchObject({ code: 'MISSING_SCOPE', missingScope: 'operator.admin' })
    expect((await admin.call('node.describe', { nodeId: node.nodeId })).approvalState).toBe('pending-approval')
  })

  test('of ordinary commands needs operator.write on top of operator.pairing', async () => {
    const node = await connectNode(gw, { commands: ['canvas.read'] })
    const { payload } = await admin.event('node.pair.requested')
    expect(payload.requiredApproveScopes).toEqual(['operator.pairing', 'operator.write'])
    const pairingOnly = await connectOperator(gw, ['operator.pairing'])
    const refused = await pairingOnly.request('node.pair.approve', { requestId: payload.requestId })
    expect(refused.error.details.missingScope).toBe('operator.write')
    const writer = await connectOperator(gw, ['operator.pairing', 'operator.write'])
    const approved = await writer.call('node.pair.approve', { requestId: payload.requestId })
    expect(approved.node).toMatchObject({ nodeId: node.nodeId, commands: ['canvas.read'] })
  })

  test('is broadcast to operators and sent to the node without seq; the surface becomes effective', async () => {
    const node = await connectNode(gw)
    const requestId = await approveNode(admin, node)
    const toOperator = await admin.event('node.pair.resolved')
    expect(toOperator.payload).toMatchObject({ requestId, nodeId: node.nodeId, decision: 'approved' })
    expect(toOperator.seq).toBeNumber()
    const { nodes, ...rest } = await admin.call('node.list')
    expect(rest.ts).toBeNumber()
    expect(nodes[0]).toMatchObject({ approvalState: 'approved', commands: ['canvas.read', 'canvas.write', 'system.run', 'system.which'] })
    expect((await node.client.call('node.runnerInventory.update', {})).nodeId).toBe(node.nodeId)
    const { paired, pending } = await admin.call('node.pair.list')
    expect(pending).toEqual([])
    expect(paired[0]).toMatchObject({ nodeId: node.nodeId, clientId: 'node-host' })
  })

  test('survives a reconnect; a wider command set needs approval again, old commands stay usable', async () => {
    const first = await connectNode(gw, { commands: ['canvas.read'] })
    await approveNode(admin, first)
    first.client.close()
    await first.client.closed
    const again = await connectNode(gw, { device: first.device, commands: ['canvas.read'] })
    expect((await admin.call('node.describe', { nodeId: again.nodeId })).approvalState).toBe('approved')
    again.client.close()
    await again.client.closed

    const wider = await connectNode(gw, { device: first.device, commands: ['canvas.read', 'canvas.write'] })
    const requested = await admin.waitFor((f) => f.event === 'node.pair.requested' && f.payload.commands.length === 2)
    expect(requested.payload.commands).toEqual(['canvas.read', 'canvas.write'])
    const described = await admin.call('node.describe', { nodeId: wider.nodeId })
    expect(described).toMatchObject({ approvalState: 'pending-reapproval', commands: ['canvas.read'] })
    const refused = await admin.request('node.invoke', invokeParams(wider.nodeId, 'canvas.write'))
    expect(refused.error.details.reason).toBe('command-not-approved')
  })
})

describe('reject, remove, rename', () => {
  test('reject drops the request and tells the node', async () => {
    const node = await connectNode(gw)
    const { requestId } = (await admin.event('node.pair.requested')).payload
    expect(await admin.call('node.pair.reject', { requestId })).toEqual({ requestId, nodeId: node.nodeId })
    expect((await node.client.event('node.pair.resolved')).payload.decision).toBe('rejected')
    expect((await admin.call('node.describe', { nodeId: node.nodeId })).approvalState).toBe('unapproved')
    const unknown = await admin.request('node.pair.reject', { requestId })
    expect(unknown.error.details.code).toBe('UNKNOWN_REQUEST_ID')
  })

  test('remove takes the commands away from a live node', async () => {
    const node = await connectNode(gw)
    await approveNode(admin, node)
    expect(await admin.call('node.pair.remove', { nodeId: node.nodeId })).toEqual({ nodeId: node.nodeId })
    expect((await node.client.event('node.pair.resolved')).payload.decision).toBe('removed')
    expect(await admin.call('node.describe', { nodeId: node.nodeId })).toMatchObject({ commands: [], approvalState: 'unapproved' })
    const again = await admin.request('node.pair.remove', { nodeId: node.nodeId })
    expect(again.error.details.code).toBe('UNKNOWN_NODE_ID')
  })

  test('rename sets the name operators see', async () => {
    const node = await connectNode(gw)
    expect(await admin.call('node.rename', { nodeId: node.nodeId, displayName: 'build box' })).toEqual({ nodeId: node.nodeId, displayName: 'build box' })
    expect((await admin.call('node.describe', { nodeId: node.nodeId })).displayName).toBe('build box')
    const res = await admin.request('node.describe', { nodeId: 'nope' })
    expect(res.error.details.code).toBe('UNKNOWN_NODE_ID')
  })
})
