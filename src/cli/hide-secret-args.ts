/**
 * `--token` and `--password` values on the command line are readable by every user of the host, in
 * `/proc/PID/cmdline` and `ps`. A long-running command (`gateway run`, `node run`) that was given one
 * replaces itself at once, in place (execve: the same PID, so systemd and shells notice nothing), with
 * the flag taken out of its arguments and its value in the environment variable the flag stands for,
 * which only the process's owner can read. A flag beats that variable, so the value still wins exactly
 * as it did on the command line. (Bun's `process.title` does not rewrite the kernel's copy of argv.)
 */
const SECRET_FLAGS: Record<string, string> = { token: 'OPENCLAW_GATEWAY_TOKEN', password: 'OPENCLAW_GATEWAY_PASSWORD' }

/** `gateway`, `gateway run`, `gateway --flag …` and `node run`: the commands that keep running. */
function isDaemon(args: readonly string[]): boolean {
  if (args[0] === 'gateway') return args[1] === undefined || args[1] === 'run' || args[1].startsWith('-')
  return args[0] === 'node' && args[1] === 'run'
}

/**
 * The arguments without secret flags, and the variables that carry their values; undefined when there
 * is nothing to move (or the command is short-lived).
 * @example moveSecretArgs(['gateway', '--token', 's']) // { args: ['gateway'], env: { OPENCLAW_GATEWAY_TOKEN: 's' } }
 */
export function moveSecretArgs(args: readonly string[]): { args: string[]; env: Record<string, string> } | undefined {
  if (!isDaemon(args)) return undefined
  const kept: string[] = []
  const env: Record<string, string> = {}
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') {
      kept.push(...args.slice(i))
      break
    }
    const m = /^--(token|password)(?:=(.*))?$/s.exec(args[i]!)
    if (!m) {
      kept.push(args[i]!)
      continue
    }
    // As parse-argv.ts reads it: a string flag takes the next word whatever it looks like (`--token -kGG8…`).
    const value = m[2] ?? args[i + 1]
    const name = SECRET_FLAGS[m[1]!]!
    // A missing, blank or repeated value is the parser's to refuse: leave the arguments as they are.
    if (value === undefined || value.trim() === '' || name in env) return undefined
    env[name] = value
    if (m[2] === undefined) i++
  }
  return Object.keys(env).length > 0 ? { args: kept, env } : undefined
}

/** Re-executes this process without secrets on its command line, when it has any (see above). */
export function hideSecretArgs(): void {
  const moved = moveSecretArgs(process.argv.slice(2))
  if (!moved) return
  // A compiled binary's argv carries its embedded entry point, which the kernel's argv does not.
  const compiled = Bun.main.startsWith('/$bunfs/') || /^[A-Z]:[\\/]~BUN[\\/]/.test(Bun.main)
  const launcher = compiled ? [process.argv0] : [process.argv0, ...process.execArgv, process.argv[1]!]
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value
  process.execve!(process.execPath, [...launcher, ...moved.args], { ...env, ...moved.env })
}
