/**
 * The node service handlers use: surface approval (`node.pair.*`), invocation, and the connection
 * hooks the gateway calls when a node socket opens or closes.
 */
import { GatewayError, missingScopeError } from '../protocol/index.ts'
import { scopeSatisfied } from '../auth/scopes.ts'
import type { ClientSession } from '../core/client-session.ts'
import type { EventBus } from '../core/event-bus.ts'
import type { PairingStore } from '../store/pairing-store.ts'
import type { NodePairingStore, PendingNodeRequest } from '../store/node-pairing-store.ts'
import { isCommandAllowed, isInvokable, type CommandPolicyConfig } from './command-policy.ts'
import { createInvocations, nodeError, type InvokeOutcome } from './invocations.ts'
import { handleNodeEvent } from './node-events.ts'
import { createNodeRegistry } from './registry.ts'
import { knownNodeView, listKnownNodes, pairedNodeView } from './views.ts'

export interface NodeServiceDeps {
  pairing: PairingStore
  nodePairing: NodePairingStore
  events: EventBus
  /** `gateway.nodes.commands` in force, read at each use (a config edit applies at once). */
  policy: () => CommandPolicyConfig
}

export function createNodeService(deps: NodeServiceDeps) {
  const registry = createNodeRegistry(deps)
  const invocations = createInvocations(deps.events)
  const views = { pairing: deps.pairing, nodePairing: deps.nodePairing, registry }

  function pendingRequest(requestId: string): PendingNodeRequest {
    const request = deps.nodePairing.getPending(requestId)
    if (!request) throw new GatewayError('INVALID_REQUEST', 'unknown requestId', { code: 'UNKNOWN_REQUEST_ID' })
    return request
  }

  function requireKnown(nodeId: string): void {
    if (!knownNodeView(views, nodeId)) throw new GatewayError('INVALID_REQUEST', 'unknown nodeId', { code: 'UNKNOWN_NODE_ID' })
  }

  return {
    registry,
    /** A node socket finished its handshake. */
    connected: (session: ClientSession) => void registry.attach(session),
    /** A node socket closed: whoever waits on it hears so now. */
    disconnected(connId: string): void {
      if (registry.detach(connId)) invocations.failConnection(connId)
    },

    list: () => listKnownNodes(views),
    describe(nodeId: string) {
      const node = knownNodeView(views, nodeId)
      if (!node) throw new GatewayError('INVALID_REQUEST', 'unknown nodeId', { code: 'UNKNOWN_NODE_ID' })
      return node
    },
    rename(nodeId: string, displayName: string) {
      requireKnown(nodeId)
      if (!deps.pairing.renameDevice(nodeId, displayName)) throw new GatewayError('INVALID_REQUEST', 'node is not paired', { code: 'NOT_PAIRED' })
      return { nodeId, displayName }
    },

    pairList() {
      const paired = deps.nodePairing.listSurfaces().map(({ nodeId, surface }) => pairedNodeView(nodeId, deps.pairing.getDevice(nodeId), surface))
      return { pending: deps.nodePairing.listPending(), paired }
    },
    /** Approval needs the scopes the request's commands demand (PROTOCOL.md §4.3), checked here. */
    approve(requestId: string, callerScopes: readonly string[]) {
      const request = pendingRequest(requestId)
      for (const scope of request.requiredApproveScopes) if (!scopeSatisfied(callerScopes, scope)) throw missingScopeError(scope)
      const surface = deps.nodePairing.approve(request)
      if (!surface) throw new GatewayError('INVALID_REQUEST', 'node is no longer paired', { code: 'NOT_PAIRED' })
      registry.refresh(request.nodeId)
      registry.resolved(request, 'approved')
      return { requestId, node: pairedNodeView(request.nodeId, deps.pairing.getDevice(request.nodeId), surface) }
    },
    reject(requestId: string) {
      const request = pendingRequest(requestId)
      deps.nodePairing.deletePending(requestId)
      registry.resolved(request, 'rejected')
      return { requestId, nodeId: request.nodeId }
    },
    remove(nodeId: string) {
      const pending = deps.nodePairing.pendingOf(nodeId)
      if (!deps.nodePairing.remove(nodeId)) throw new GatewayError('INVALID_REQUEST', 'unknown nodeId', { code: 'UNKNOWN_NODE_ID' })
      invocations.failNode(nodeId)
      registry.refresh(nodeId)
      registry.resolved({ requestId: pending?.requestId ?? crypto.randomUUID(), nodeId } as PendingNodeRequest, 'removed')
      return { nodeId }
    },

    /** Refuses before dispatch anything the node did not declare, the operator did not approve, or policy forbids. */
    invoke(call: { nodeId: string; command: string; params: unknown; timeoutMs: number; idempotencyKey: string; sessionKey?: string }): Promise<InvokeOutcome> {
      const node = registry.current(call.nodeId)
      if (!node) throw nodeError('NOT_CONNECTED', 'node not connected', false, true)
      const refuse = (reason: string, message: string) => {
        throw new GatewayError('INVALID_REQUEST', message, { code: 'COMMAND_NOT_ALLOWED', reason, command: call.command })
      }
      if (!isInvokable(call.command)) refuse('use-exec-approvals', `${call.command} is not invokable; use exec.approvals.node.*`)
      if (!node.session.commands.includes(call.command)) refuse('command-not-declared', `node did not declare ${call.command}`)
      if (!isCommandAllowed(call.command, deps.policy())) refuse('command-not-allowed', `${call.command} is not allowed by gateway.nodes.commands`)
      if (!node.commands.includes(call.command)) refuse('command-not-approved', `${call.command} is not approved for this node; run openclaw nodes approve`)
      return invocations.start(node, call)
    },
    /** A node's answer; `false` when no caller waits for it any more. */
    settle: invocations.settle,

    pendingOf: (nodeId: string) => deps.nodePairing.pendingOf(nodeId),
    setPluginTools(connId: string, tools: unknown[]): void {
      const node = registry.byConn(connId)
      if (node) node.pluginTools = tools
    },
    handleEvent: (session: ClientSession, params: { event: string; payload?: unknown; payloadJSON?: string | null }) =>
      handleNodeEvent({ registry, pairing: deps.pairing, events: deps.events }, session, params),
  }
}

export type NodeService = ReturnType<typeof createNodeService>
