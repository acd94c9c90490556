import { defineCommand } from 'citty'
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs'
import { dirname } from 'node:path'
import { resolveStateDir } from '../../../config/paths.ts'
import { installTarget, selfCommand, LAUNCHD_LABEL, UNIT_NAME } from '../../../service/install-paths.ts'
import { envFile, launchdPlist, systemdUnit } from '../../../service/unit-files.ts'
import { EXIT } from '../../exit-codes.ts'
import { fail } from '../../fail.ts'

export default defineCommand({
  meta: { name: 'install', description: 'Install the gateway as a service (systemd on Linux, launchd on macOS)' },
  args: {
    user: { type: 'boolean', description: 'A user service (default)' },
    system: { type: 'boolean', description: 'A system-wide service (needs root)' },
    port: { type: 'string', description: 'Port to run on' },
    bind: { type: 'string', description: 'Bind mode' },
    token: { type: 'string', description: 'Gateway token (default: $OPENCLAW_GATEWAY_TOKEN, else a new random one)' },
    dir: { type: 'string', description: 'Write the files into this folder instead of the service manager’s' },
  },
  run({ args }) {
    if (args.user && args.system) fail('choose --user or --system, not both', EXIT.usage)
    const stateDir = resolveStateDir()
    const target = installTarget({ system: Boolean(args.system), dir: args.dir, stateDir })
    const generated = !args.token && !process.env.OPENCLAW_GATEWAY_TOKEN
    const token = args.token ?? process.env.OPENCLAW_GATEWAY_TOKEN ?? randomBytes(24).toString('base64url')
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
    if (generated) console.log(`Generated a gateway token; clients need it: ${token}`)
    console.log('\nEnable and start it with:')
    if (target.kind === 'launchd') console.log(`  launchctl load -w ${target.unitPath}`)
    else if (target.user) {
      console.log(`  systemctl --user daemon-reload && systemctl --user enable --now ${UNIT_NAME}`)
      console.log('  loginctl enable-linger "$USER"   # keep it running after you log out')
    } else console.log(`  systemctl daemon-reload && systemctl enable --now ${UNIT_NAME}`)
  },
})
