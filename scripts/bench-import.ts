/**
 * How long the one-time import of the original's state (src/migrate/) holds up a first start, for a
 * large history: SESSIONS sessions of MESSAGES messages each, plus devices, senders and cron jobs, in
 * the original's real format (test/helpers/original-state.ts). Prints the import's wall time and the
 * rate, and the process's peak memory (the import reads each transcript's tree, and holds only the
 * messages it keeps of one session at a time); there is no target, the figures say what a user
 * switching with that much history waits once and how much memory it takes.
 *
 *   bun scripts/bench-import.ts [sessions=1000] [messages=100]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { importOriginalState } from '../src/migrate/index.ts'
import { openDatabase } from '../src/store/db.ts'
import { createDeviceIdentity } from '../test/helpers/device.ts'
import {
  addApprovedSender, addCronJob, addPairedDevice, addSession, messageEvent, originalAgentDatabase, originalStateDatabase,
} from '../test/helpers/original-state.ts'

const SESSIONS = Number(process.argv[2] ?? 1000)
const MESSAGES = Number(process.argv[3] ?? 100)

const dir = mkdtempSync(join(tmpdir(), 'bench-import-'))
try {
  const state = originalStateDatabase(dir)
  for (let i = 0; i < 20; i++) {
    addPairedDevice(state, { identity: createDeviceIdentity(), role: 'operator', scopes: ['operator.read'], token: `t${i}`, clientId: 'cli', clientMode: 'cli', displayName: `d${i}` })
    addApprovedSender(state, 'telegram', 'default', String(1000 + i), i)
    addCronJob(state, `job-${i}`, {
      id: `job-${i}`, name: `Job ${i}`, enabled: true, createdAtMs: Date.now(), schedule: { kind: 'cron', expr: '0 7 * * *' },
      sessionTarget: 'isolated', wakeMode: 'now', payload: { kind: 'agentTurn', message: 'hi' }, state: {},
    }, { order: i })
  }
  state.close()
  const agent = originalAgentDatabase(dir, 'main')
  const text = 'a message of ordinary length, about as long as a line or two of chat. '.repeat(3)
  agent.transaction(() => {
    for (let s = 0; s < SESSIONS; s++) {
      const events = Array.from({ length: MESSAGES }, (_, m) => messageEvent(`s${s}-m${m}`, m === 0 ? null : `s${s}-m${m - 1}`,
        m % 2 === 0 ? { role: 'user', content: text, timestamp: Date.now() } : { role: 'assistant', content: [{ type: 'text', text }], timestamp: Date.now() }))
      addSession(agent, { key: `agent:main:direct:${s}`, sessionId: `session-${s}`, channel: 'telegram', events })
    }
  })()
  agent.close()

  const db = openDatabase(dir)
  const started = performance.now()
  importOriginalState(db, { stateDir: dir, auth: { mode: 'token', token: 'bench' }, channels: {} })
  const ms = performance.now() - started
  const n = db.query<{ n: number }, []>('SELECT COUNT(*) AS n FROM transcript_messages').get()!.n
  db.close()
  const peakMb = process.resourceUsage().maxRSS / 1024
  console.log(`import of ${SESSIONS} sessions x ${MESSAGES} messages (${n} kept), 20 devices, 20 senders, 20 cron jobs: ${ms.toFixed(0)} ms (${Math.round(n / (ms / 1000))} messages/s), peak RSS ${peakMb.toFixed(0)} MB (the fixture's build included)`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
