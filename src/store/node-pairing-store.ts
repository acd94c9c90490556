/**
 * Node capability pairing: the approved command surface on the paired device record, and the one
 * pending surface request per node. Pending node requests do not expire (PROTOCOL.md §4.3).
 */
import type { Db } from './db.ts'
import { lazyStatements } from './lazy-statements.ts'

export interface NodeSurface {
  caps: string[]
  commands: string[]
  permissions?: Record<string, boolean>
}

/** What the operator approved, with the node metadata seen at approval time. */
export interface ApprovedNodeSurface extends NodeSurface {
  clientId?: string
  clientMode?: string
  version?: string
  createdAtMs: number
  approvedAtMs: number
}

export interface PendingNodeRequest extends NodeSurface {
  requestId: string
  nodeId: string
  clientId?: string
  clientMode?: string
  displayName?: string
  platform?: string
  version?: string
  deviceFamily?: string
  modelIdentifier?: string
  requiredApproveScopes: string[]
  remoteIp?: string
  silent?: boolean
  ts: number
}

export type NodeRequestInput = Omit<PendingNodeRequest, 'requestId' | 'ts'>

interface RequestRow {
  request_id: string
  node_id: string
  request: string
  ts: number
}

export function createNodePairingStore(db: Db) {
  const q = lazyStatements({
    surface: () => db.query<{ node_surface: string | null }, [string]>('SELECT node_surface FROM paired_devices WHERE device_id = ?'),
    surfaces: () => db.query<{ device_id: string; node_surface: string }, []>(
      'SELECT device_id, node_surface FROM paired_devices WHERE node_surface IS NOT NULL ORDER BY approved_at',
    ),
    setSurface: () => db.query('UPDATE paired_devices SET node_surface = ? WHERE device_id = ?'),
    pending: () => db.query<RequestRow, []>('SELECT * FROM node_pairing_requests ORDER BY ts'),
    pendingOf: () => db.query<RequestRow, [string]>('SELECT * FROM node_pairing_requests WHERE node_id = ?'),
    pendingById: () => db.query<RequestRow, [string]>('SELECT * FROM node_pairing_requests WHERE request_id = ?'),
    deletePending: () => db.query('DELETE FROM node_pairing_requests WHERE request_id = ?'),
    deletePendingOf: () => db.query('DELETE FROM node_pairing_requests WHERE node_id = ?'),
    insertPending: () => db.query('INSERT INTO node_pairing_requests (request_id, node_id, request, ts) VALUES (?, ?, ?, ?)'),
    updatePending: () => db.query('UPDATE node_pairing_requests SET request = ?, ts = ? WHERE request_id = ?'),
  })

  function getSurface(nodeId: string): ApprovedNodeSurface | null {
    const row = q.surface.get(nodeId)
    return row?.node_surface ? (JSON.parse(row.node_surface) as ApprovedNodeSurface) : null
  }

  /**
   * Files (or refreshes) the node's pending request. The same declared surface keeps its requestId
   * and only refreshes the metadata; a different surface replaces the old request, which is returned.
   */
  function requestSurface(input: NodeRequestInput): { request: PendingNodeRequest; created: boolean; superseded?: PendingNodeRequest } {
    const now = Date.now()
    return db.transaction(() => {
      const row = q.pendingOf.get(input.nodeId)
      const existing = row ? (JSON.parse(row.request) as PendingNodeRequest) : undefined
      if (existing && sameSurface(existing, input)) {
        const request = { ...input, requestId: existing.requestId, ts: existing.ts }
        q.updatePending.run(JSON.stringify(request), existing.ts, existing.requestId)
        return { request, created: false }
      }
      if (existing) q.deletePending.run(existing.requestId)
      const request: PendingNodeRequest = { ...input, requestId: crypto.randomUUID(), ts: now }
      q.insertPending.run(request.requestId, request.nodeId, JSON.stringify(request), now)
      return { request, created: true, superseded: existing }
    })()
  }

  /** Records the request's surface as approved on the paired device and drops the request. */
  function approve(request: PendingNodeRequest): ApprovedNodeSurface | null {
    return db.transaction(() => {
      const previous = getSurface(request.nodeId)
      const now = Date.now()
      const surface: ApprovedNodeSurface = {
        caps: request.caps,
        commands: request.commands,
        ...(request.permissions && { permissions: request.permissions }),
        clientId: request.clientId,
        clientMode: request.clientMode,
        version: request.version,
        createdAtMs: previous?.createdAtMs ?? now,
        approvedAtMs: now,
      }
      // A device removed since the request was filed has no record to carry the surface.
      if (q.setSurface.run(JSON.stringify(surface), request.nodeId).changes === 0) return null
      q.deletePending.run(request.requestId)
      return surface
    })()
  }

  return {
    getSurface,
    /** Records a surface approved elsewhere (the original's state, src/migrate/) on the paired device. */
    importSurface: (nodeId: string, surface: ApprovedNodeSurface) => void q.setSurface.run(JSON.stringify(surface), nodeId),
    listSurfaces: () => q.surfaces.all().map((r) => ({ nodeId: r.device_id, surface: JSON.parse(r.node_surface) as ApprovedNodeSurface })),
    requestSurface,
    approve,
    getPending: (requestId: string) => parse(q.pendingById.get(requestId)),
    pendingOf: (nodeId: string) => parse(q.pendingOf.get(nodeId)),
    listPending: () => q.pending.all().map((r) => JSON.parse(r.request) as PendingNodeRequest),
    deletePending: (requestId: string) => q.deletePending.run(requestId).changes > 0,
    /** Forgets the approved surface and any pending request; true when there was something to forget. */
    remove(nodeId: string): boolean {
      return db.transaction(() => {
        const hadSurface = getSurface(nodeId) !== null
        if (hadSurface) q.setSurface.run(null, nodeId)
        const hadPending = q.deletePendingOf.run(nodeId).changes > 0
        return hadSurface || hadPending
      })()
    },
  }
}

export type NodePairingStore = ReturnType<typeof createNodePairingStore>

const parse = (row: RequestRow | null) => (row ? (JSON.parse(row.request) as PendingNodeRequest) : null)

function sameSurface(a: NodeSurface, b: NodeSurface): boolean {
  return sameSet(a.caps, b.caps) && sameSet(a.commands, b.commands) && JSON.stringify(sortedEntries(a.permissions)) === JSON.stringify(sortedEntries(b.permissions))
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x))
const sortedEntries = (p?: Record<string, boolean>) => Object.entries(p ?? {}).sort(([x], [y]) => x.localeCompare(y))
