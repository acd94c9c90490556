/** Numbered schema migrations, applied in order, each in its own transaction. Never edit a shipped one. */
import type { Database } from 'bun:sqlite'
import { pairing001 } from './001-pairing.ts'
import { sessions002 } from './002-sessions.ts'
import { cron003 } from './003-cron.ts'
import { channelPairing004 } from './004-channel-pairing.ts'
import { nodePairing005 } from './005-node-pairing.ts'
import { pendingByTs006 } from './006-pending-by-ts.ts'
import { runInbox007 } from './007-run-inbox.ts'
import { sessionState008 } from './008-session-state.ts'
import { runUsage009 } from './009-run-usage.ts'
import { transcriptPositions010 } from './010-transcript-positions.ts'
import { retention011 } from './011-retention.ts'
import { channelInbox012 } from './012-channel-inbox.ts'
import { sessionActivity013 } from './013-session-activity.ts'
import { groupHistory014 } from './014-group-history.ts'
import { channelCursor015 } from './015-channel-cursor.ts'
import { tableRetention016 } from './016-table-retention.ts'
import { inboxAcknowledged017 } from './017-inbox-acknowledged.ts'
import { originalImport018 } from './018-original-import.ts'
import { dropTranscriptBySession019 } from './019-drop-transcript-by-session.ts'
import { transcriptBytes020 } from './020-transcript-bytes.ts'
import { cronDelivery021 } from './021-cron-delivery.ts'
import { originalImportFinished022 } from './022-original-import-finished.ts'
import { cronRunsByActivity023 } from './023-cron-runs-by-activity.ts'

export interface Migration {
  version: number
  name: string
  up(db: Database): void
}

export const MIGRATIONS: Migration[] = [pairing001, sessions002, cron003, channelPairing004, nodePairing005, pendingByTs006, runInbox007, sessionState008, runUsage009, transcriptPositions010, retention011, channelInbox012, sessionActivity013, groupHistory014, channelCursor015, tableRetention016, inboxAcknowledged017, originalImport018, dropTranscriptBySession019, transcriptBytes020, cronDelivery021, originalImportFinished022, cronRunsByActivity023]
