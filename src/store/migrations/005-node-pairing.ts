import type { Migration } from './index.ts'

/**
 * Pending node capability-surface requests: one per node, never expiring (PROTOCOL.md §4.3). The
 * approved surface itself lives on the paired device (`paired_devices.node_surface`).
 */
export const nodePairing005: Migration = {
  version: 5,
  name: 'node-pairing',
  up(db) {
    db.exec(`
      CREATE TABLE node_pairing_requests (
        request_id TEXT PRIMARY KEY,
        node_id TEXT NOT NULL UNIQUE,
        request TEXT NOT NULL,
        ts INTEGER NOT NULL
      );
    `)
  },
}
