/** The pending node requests table, shared by `nodes list` and `nodes pending`. */
import { formatAge } from '../../text-table.ts'

export interface PendingNode {
  requestId: string
  nodeId: string
  displayName?: string
  commands: string[]
  remoteIp?: string
  ts: number
}

export const PENDING_HEADERS = ['REQUEST', 'NODE', 'NAME', 'COMMANDS', 'IP', 'AGE']

export const pendingRows = (pending: PendingNode[]) =>
  pending.map((p) => [p.requestId, p.nodeId, p.displayName ?? '-', p.commands.join(',') || '-', p.remoteIp ?? '-', formatAge(p.ts)])
