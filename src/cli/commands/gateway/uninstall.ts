import { defineCommand } from 'citty'
import { existsSync, rmSync } from 'node:fs'
import { resolveStateDir } from '../../../config/paths.ts'
import { installTarget, UNIT_NAME } from '../../../service/install-paths.ts'

export default defineCommand({
  meta: { name: 'uninstall', description: 'Remove the service files written by `gateway install`' },
  args: {
    system: { type: 'boolean', description: 'The system-wide service' },
    dir: { type: 'string', description: 'The folder given to `gateway install --dir`' },
  },
  run({ args }) {
    const target = installTarget({ system: Boolean(args.system), dir: args.dir, stateDir: resolveStateDir() })
    if (target.kind === 'systemd') {
      const scope = target.user ? '--user ' : ''
      console.log(`Stop it first if it runs: systemctl ${scope}disable --now ${UNIT_NAME}`)
    } else console.log(`Stop it first if it runs: launchctl unload -w ${target.unitPath}`)
    for (const path of [target.unitPath, target.envPath]) {
      if (!existsSync(path)) continue
      rmSync(path)
      console.log(`Removed ${path}`)
    }
  },
})
