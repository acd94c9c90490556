/** Where state and config live: OPENCLAW_STATE_DIR / OPENCLAW_CONFIG_PATH / OPENCLAW_HOME, `~` expanded. */
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

export function expandHome(path: string, env = process.env): string {
  const home = env.OPENCLAW_HOME || homedir()
  if (path === '~') return home
  if (path.startsWith('~/')) return join(home, path.slice(2))
  return resolve(path)
}

export function resolveStateDir(env = process.env): string {
  if (env.OPENCLAW_STATE_DIR) return expandHome(env.OPENCLAW_STATE_DIR, env)
  return join(env.OPENCLAW_HOME || homedir(), '.openclaw')
}

export function resolveConfigPath(explicit: string | undefined, env = process.env): string {
  if (explicit) return expandHome(explicit, env)
  if (env.OPENCLAW_CONFIG_PATH) return expandHome(env.OPENCLAW_CONFIG_PATH, env)
  return join(resolveStateDir(env), 'openclaw.json')
}
