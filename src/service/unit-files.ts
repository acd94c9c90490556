/** Service definitions for systemd and launchd: pure text builders, no I/O. */

export interface ServiceSpec {
  /** argv that starts the gateway in the foreground. */
  exec: string[]
  envFile: string
  user: boolean
  workingDirectory: string
}

const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, '\\$1')}"`)

export function systemdUnit(spec: ServiceSpec): string {
  return `[Unit]
Description=OpenClaw gateway (independent Bun implementation)
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
ExecStart=${spec.exec.map(quote).join(' ')}
EnvironmentFile=${spec.envFile}
WorkingDirectory=${spec.workingDirectory}
Restart=always
RestartSec=2
# Exit code 78 means the configuration is wrong: restarting will not fix it.
RestartPreventExitStatus=78
TimeoutStopSec=10
KillMode=mixed
NoNewPrivileges=yes

[Install]
WantedBy=${spec.user ? 'default.target' : 'multi-user.target'}
`
}

export function launchdPlist(spec: ServiceSpec & { label: string; logFile: string; env: Record<string, string> }): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const args = spec.exec.map((a) => `    <string>${esc(a)}</string>`).join('\n')
  const env = Object.entries(spec.env).map(([k, v]) => `    <key>${esc(k)}</key><string>${esc(v)}</string>`).join('\n')
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key><string>${esc(spec.label)}</string>
  <key>ProgramArguments</key>
  <array>
${args}
  </array>
  <key>EnvironmentVariables</key>
  <dict>
${env}
  </dict>
  <key>WorkingDirectory</key><string>${esc(spec.workingDirectory)}</string>
  <key>RunAtLoad</key><true/>
  <key>KeepAlive</key><true/>
  <key>StandardOutPath</key><string>${esc(spec.logFile)}</string>
  <key>StandardErrorPath</key><string>${esc(spec.logFile)}</string>
</dict>
</plist>
`
}

/** `KEY=value` lines; values are quoted so a token with spaces or `#` survives. */
export function envFile(vars: Record<string, string>): string {
  return Object.entries(vars).map(([k, v]) => `${k}="${v.replace(/(["\\$`])/g, '\\$1')}"`).join('\n') + '\n'
}

/** Reads back one variable written by envFile (so a reinstall can keep the token it finds). */
export function readEnvFileVar(text: string, name: string): string | undefined {
  for (const line of text.split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)="((?:[^"\\]|\\.)*)"$/.exec(line.trim())
    if (m?.[1] === name) return m[2]!.replace(/\\(.)/g, '$1')
  }
  return undefined
}
