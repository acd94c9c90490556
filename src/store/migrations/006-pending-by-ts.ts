import type { Migration } from './index.ts'

/**
 * Expired requests are pruned by `ts` on every pairing mutation; without an index that is a full
 * scan of the table, which a burst of remote pairing attempts can make large.
 */
export const pendingByTs006: Migration = {
  version: 6,
  name: 'pending-by-ts',
  up(db) {
    db.exec('CREATE INDEX pairing_requests_by_ts ON pairing_requests(ts)')
  },
}
