/** Where the service files go, and how this very program is started again by the service manager. */
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

export const UNIT_NAME = 'openclaw-gateway.service'
export const LAUNCHD_LABEL = 'ai.openclaw.gateway'

export interface InstallTarget {
  kind: 'systemd' | 'launchd'
  user: boolean
  unitPath: string
  envPath: string
}

export function installTarget(opts: { system: boolean; dir?: string; stateDir: string }): InstallTarget {
  if (process.platform === 'darwin') {
    const dir = opts.dir ?? join(homedir(), 'Library', 'LaunchAgents')
    return { kind: 'launchd', user: true, unitPath: join(dir, `${LAUNCHD_LABEL}.plist`), envPath: join(opts.stateDir, 'gateway.env') }
  }
  const user = !opts.system
  const dir = opts.dir ?? (user ? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'systemd', 'user') : '/etc/systemd/system')
  const envPath = opts.dir ? join(opts.dir, 'openclaw-gateway.env') : user ? join(opts.stateDir, 'gateway.env') : '/etc/openclaw/gateway.env'
  return { kind: 'systemd', user, unitPath: join(dir, UNIT_NAME), envPath }
}

/**
 * The argv that runs this gateway: the compiled binary itself, or bun + this entry file when running
 * from source (a compiled binary's entry lives under the virtual `/$bunfs/` root).
 */
export function selfCommand(): string[] {
  if (Bun.main.startsWith('/$bunfs/') || Bun.main.startsWith('B:\\~BUN')) return [process.execPath]
  return [process.execPath, resolve(Bun.main)]
}
