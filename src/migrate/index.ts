/**
 * The one-time import of the original OpenClaw's state, for a user switching to this gateway on the
 * same state dir: paired devices with their tokens, DM senders approved by pairing code, cron jobs, and
 * sessions with their current transcripts (see each reader for what it carries over and what not).
 *
 * It runs at start-up, before anything listens, when the original's `state/openclaw.sqlite` is there,
 * our database holds nothing of the user's yet, and no import was recorded. It records that it started
 * (committed before it reads anything), then writes what it reads as it reads it and its summary in one
 * transaction, so it happens once and leaves either all of it or none. An import that never finished
 * (the process died during it, say out of memory on a huge history) is reported at each start and not
 * tried again, so it cannot stop every start. The original's files are only copied, never opened in
 * place or changed. Whatever cannot be read is logged with its reason and left behind; a failure never
 * stops the gateway from starting.
 */
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { GatewaySettings } from '../config/settings.ts'
import { logger } from '../log.ts'
import { databasePath, type Db } from '../store/db.ts'
import {
  finishImport, forgetUnfinishedImport, importRecord, importWriter, isFreshDatabase, recordImportStart,
} from '../store/original-import-store.ts'
import { ImportReport } from './import-report.ts'
import { findAgentDatabases, openCopies, originalStatePath, removeLeftoverCopies } from './original-files.ts'
import { readCronJobs } from './read-cron-jobs.ts'
import { readDevices } from './read-devices.ts'
import { readDmAllowlist } from './read-dm-allowlist.ts'
import { readSessions, type IdSets } from './read-sessions.ts'

const log = logger('import')

/** What of the loaded settings the import reads: where the state is, the gateway auth and the channel accounts now configured. */
type ImportSettings = Pick<GatewaySettings, 'stateDir' | 'auth' | 'channels'>

export function importOriginalState(db: Db, settings: ImportSettings): void {
  const { stateDir } = settings
  const source = originalStatePath(stateDir)
  if (!existsSync(source)) return
  const record = importRecord(db)
  if (record && record.finishedAtMs === undefined) {
    log.warn(`the import of the original OpenClaw's state from ${record.source}, started ${new Date(record.startedAtMs).toISOString()}, did not finish `
      + '(the gateway stopped during it, e.g. out of memory) and kept nothing; it is not tried again, so that it cannot stop every start. '
      + `To try again, stop this gateway and delete its database ${databasePath(stateDir)} with its -wal and -shm files `
      + '(anything done with this gateway since goes with it); the original\'s files are as they were')
    removeLeftoverCopies(dirname(source))
    return
  }
  if (record) return
  try {
    runImport(db, settings, source)
  } catch (err) {
    forgetUnfinishedImport(db)
    log.error(`the original OpenClaw's state in ${stateDir} was not imported: ${(err as Error).message}; starting without it (the import is tried again at the next start while this gateway's database is still empty)`)
  }
}

function runImport(db: Db, settings: ImportSettings, source: string): void {
  const { stateDir } = settings
  if (!isFreshDatabase(db)) {
    const reason = "this gateway's database already holds paired devices, sessions, cron jobs or approved senders of its own"
    log.info(`${source} (the original OpenClaw's state) is not imported: ${reason}`)
    // Recorded as decided, so the line is not repeated at every start.
    recordImportStart(db, source)
    finishImport(db, { imported: {}, skipped: [{ what: source, reason }] })
    return
  }
  const copies = openCopies(dirname(source))
  try {
    const state = copies.open(source)
    if (state.query("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").get()) return // this gateway's own file, under its earlier name
    recordImportStart(db, source)
    log.info(`importing the original OpenClaw's state from ${stateDir} (once; a long history takes a while)`)
    const report = new ImportReport()
    // A section that cannot be read is left behind whole; what it wrote before failing stays.
    const section = (what: string, read: () => void) => {
      try {
        read()
      } catch (err) {
        report.skip(what, `cannot be read (${(err as Error).message})`)
      }
    }
    const write = importWriter(db)
    db.transaction(() => {
      section('paired devices (device_pairing_paired)', () => readDevices(state, report, settings.auth).forEach(write.device))
      section('approved DM senders (channel_pairing_allow_entries)', () => readDmAllowlist(state, report, settings.channels).forEach(write.allowEntry))
      section('cron jobs (cron_jobs)', () => readCronJobs(state, report).forEach(write.cronJob))
      const ids: IdSets = { keys: new Set(), sessions: new Set(), messages: new Set() }
      for (const agent of findAgentDatabases(stateDir)) {
        section(`sessions of agent ${agent.agentId} (${agent.path})`, () => readSessions(copies.open(agent.path), agent.agentId, report, ids, write.session))
      }
      noteLegacyFiles(stateDir, report)
      finishImport(db, report.summary())
    })()
    log.info(`imported the original OpenClaw's state from ${stateDir}: ${report.describe()}; its files are left as they were`)
  } finally {
    copies.close()
  }
}

/**
 * Stores of older releases of the original, which its `openclaw doctor --fix` moves into its database;
 * this gateway reads only the database.
 */
function noteLegacyFiles(stateDir: string, report: ImportReport): void {
  const credentials = join(stateDir, 'credentials')
  const legacy = [
    ...['devices/paired.json', 'nodes/paired.json', 'cron/jobs.json'].filter((f) => existsSync(join(stateDir, f))),
    ...(existsSync(credentials) ? readdirSync(credentials).filter((f) => /-(allowFrom|pairing)\.json$/.test(f)).map((f) => `credentials/${f}`) : []),
  ]
  for (const f of legacy) report.skip(f, "a store of an older release of the original: run the original's `openclaw doctor --fix` once to move it into its database, then start this gateway on a fresh database")
}
