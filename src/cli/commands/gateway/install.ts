import { defineCommand } from 'citty'
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { resolveStateDir } from '../../../config/paths.ts'
import { installTarget, selfCommand, LAUNCHD_LABEL, UNIT_NAME } from '../../../service/install-paths.ts'
import { envFile, launchdPlist, readEnvFileVar, systemdUnit } from '../../../service/unit-files.ts'
import { EXIT } from '../../exit-codes.ts'
import { fail } from '../../fail.ts'
import { checkPort } from '../../flag-checks.ts'
import { runArgs } from './run-args.ts'
import { UsageError } from '../../usage-error.ts'

export default defineCommand({
  meta: { name: 'install', description: 'Install the gateway as a service (systemd on Linux, launchd on macOS)' },
  args: {
    user: { type: 'boolean', description: 'A user service (default)' },
    system: { type: 'boolean', description: 'A system-wide service (needs root)' },
    port: { type: 'string', valueHint: 'port', description: 'Port to run on', check: checkPort },
    bind: runArgs.bind,
    token: { type: 'string', valueHint: 'token', description: 'Gateway token (default: $OPENCLAW_GATEWAY_TOKEN, else the installed one, else a new one)' },
    'rotate-token': { type: 'boolean', description: 'Replace the installed token with a new random one' },
    dir: { type: 'string', description: 'Write the files into this folder instead of the service manager’s' },
  },
  run({ args }) {
    if (args.user && args.system) throw new UsageError('choose --user or --system, not both')
    const stateDir = resolveStateDir()
    const target = installTarget({ system: Boolean(args.system), dir: args.dir, stateDir })
    if (args.token && args['rotate-token']) throw new UsageError('choose --token or --rotate-token, not both')
    const { token, source } = chooseToken(args.token, Boolean(args['rotate-token']), target.envPath)
    const exec = [...selfCommand(), 'gateway', 'run', ...(args.port ? ['--port', args.port] : []), ...(args.bind ? ['--bind', args.bind] : [])]
    const env = { OPENCLAW_GATEWAY_TOKEN: token, OPENCLAW_STATE_DIR: stateDir }
    const spec = { exec, envFile: target.envPath, user: target.user, workingDirectory: stateDir }
    try {
      mkdirSync(stateDir, { recursive: true, mode: 0o700 })
      mkdirSync(dirname(target.unitPath), { recursive: true })
      mkdirSync(dirname(target.envPath), { recursive: true, mode: 0o700 })
      // The token lives in a file only its owner can read, never in the (world-readable) unit.
      writeFileSync(target.envPath, envFile(env), { mode: 0o600 })
      chmodSync(target.envPath, 0o600)
      const text =
        target.kind === 'launchd'
          ? launchdPlist({ ...spec, label: LAUNCHD_LABEL, logFile: `${stateDir}/logs/gateway.log`, env })
          : systemdUnit(spec)
      writeFileSync(target.unitPath, text, { mode: 0o644 })
    } catch (err) {
      fail(`cannot write the service files: ${(err as Error).message}${args.system ? ' (run as root?)' : ''}`, EXIT.failed)
    }
    console.log(`Wrote ${target.unitPath}`)
    console.log(`Wrote ${target.envPath} (mode 600)`)
    console.log(source)
    if (source.startsWith('Generated')) console.log(`Clients need it: ${token}`)
    console.log('\nEnable and start it with:')
    if (target.kind === 'launchd') console.log(`  launchctl load -w ${target.unitPath}`)
    else if (target.user) {
      console.log(`  systemctl --user daemon-reload && systemctl --user enable --now ${UNIT_NAME}`)
      console.log('  loginctl enable-linger "$USER"   # keep it running after you log out')
    } else console.log(`  systemctl daemon-reload && systemctl enable --now ${UNIT_NAME}`)
  },
})

/**
 * Which token the service gets, and a sentence saying so. A reinstall keeps the installed token
 * (clients already hold it) unless told otherwise. New tokens are hex: never starting with "-", so
 * `--token <it>` reads back on any command line.
 */
function chooseToken(flag: string | undefined, rotate: boolean, envPath: string): { token: string; source: string } {
  if (flag) return { token: flag, source: 'Using the token given with --token.' }
  const fresh = () => randomBytes(24).toString('hex')
  if (rotate) return { token: fresh(), source: 'Generated a new gateway token (--rotate-token); the old one stops working when the service restarts.' }
  const env = process.env.OPENCLAW_GATEWAY_TOKEN
  if (env) return { token: env, source: 'Using the token from $OPENCLAW_GATEWAY_TOKEN.' }
  const installed = existsSync(envPath) ? readEnvFileVar(readFileSync(envPath, 'utf8'), 'OPENCLAW_GATEWAY_TOKEN') : undefined
  if (installed) return { token: installed, source: `Kept the installed gateway token from ${envPath} (--rotate-token makes a new one).` }
  return { token: fresh(), source: 'Generated a gateway token.' }
}
