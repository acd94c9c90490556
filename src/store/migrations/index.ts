/** Numbered schema migrations, applied in order, each in its own transaction. Never edit a shipped one. */
import type { Database } from 'bun:sqlite'
import { pairing001 } from './001-pairing.ts'
import { pendingByTs002 } from './002-pending-by-ts.ts'

export interface Migration {
  version: number
  name: string
  up(db: Database): void
}

export const MIGRATIONS: Migration[] = [pairing001, pendingByTs002]
