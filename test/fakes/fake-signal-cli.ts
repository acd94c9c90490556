#!/usr/bin/env bun
/**
 * A stand-in for the `signal-cli` executable: `fake-signal-cli.ts [--config DIR] -a ACCOUNT daemon
 * --http HOST:PORT [...]` runs a FakeSignalDaemon there until SIGTERM (`/__fake/flood-stdout` starts an
 * endless stdout line). Anything else exits 2.
 */
import { FakeSignalDaemon } from './signal-daemon.ts'

const argv = process.argv.slice(2)
const account = argv[argv.indexOf('-a') + 1]
const http = argv.includes('daemon') ? argv[argv.indexOf('--http') + 1] : undefined
const bind = http?.match(/^(.+):(\d+)$/)
if (!account || !bind) {
  console.error(`fake signal-cli: unsupported arguments: ${argv.join(' ')}`)
  process.exit(2)
}
const daemon = new FakeSignalDaemon().start(Number(bind[2]), bind[1]!.replace(/^\[|\]$/g, ''))
daemon.info = { pid: process.pid, argv }
daemon.account = account
daemon.onFloodStdout = () => void flood()
console.log(`INFO  DaemonCommand - Starting daemon for ${account} on ${http}`)
process.on('SIGTERM', () => {
  daemon.stop()
  process.exit(0)
})

/** One stdout line that never ends, written as fast as the reader takes it. */
async function flood() {
  const chunk = 'x'.repeat(1 << 16)
  for (;;) await Bun.write(Bun.stdout, chunk)
}
