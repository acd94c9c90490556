import { afterEach, expect, test } from 'bun:test'
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ENTRY, tempStateDir } from '../helpers/gateway.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function cli(args: string[], env: Record<string, string>) {
  const p = Bun.spawnSync([process.execPath, ENTRY, ...args], { env: { ...process.env, ...env }, stdout: 'pipe', stderr: 'pipe' })
  return { code: p.exitCode, stdout: p.stdout.toString() }
}

test.skipIf(process.platform === 'darwin')('gateway install writes a systemd unit and an owner-only env file; uninstall removes them', () => {
  const dir = tempStateDir()
  dirs.push(dir)
  const env = { OPENCLAW_STATE_DIR: join(dir, 'state'), OPENCLAW_GATEWAY_TOKEN: '' }
  const r = cli(['gateway', 'install', '--dir', dir, '--token', 's3cret token', '--port', '18800'], env)
  expect(r.code).toBe(0)
  expect(r.stdout).toContain('systemctl --user daemon-reload && systemctl --user enable --now openclaw-gateway.service')
  const unit = readFileSync(join(dir, 'openclaw-gateway.service'), 'utf8')
  expect(unit).toContain(`ExecStart=${process.execPath} ${ENTRY} gateway run --port 18800`)
  expect(unit).toContain('Restart=always')
  expect(unit).toContain(`EnvironmentFile=${join(dir, 'openclaw-gateway.env')}`)
  expect(unit).not.toContain('s3cret')
  if (Bun.which('systemd-analyze')) {
    const verify = Bun.spawnSync(['systemd-analyze', 'verify', join(dir, 'openclaw-gateway.service')], { stderr: 'pipe' })
    expect({ code: verify.exitCode, stderr: verify.stderr.toString() }).toEqual({ code: 0, stderr: '' })
  }
  const envPath = join(dir, 'openclaw-gateway.env')
  expect(statSync(envPath).mode & 0o777).toBe(0o600)
  expect(readFileSync(envPath, 'utf8')).toContain('OPENCLAW_GATEWAY_TOKEN="s3cret token"')

  // A reinstall keeps the installed token unless told to rotate it, and says which it did.
  const kept = cli(['gateway', 'install', '--dir', dir], env)
  expect(kept.stdout).toContain(`Kept the installed gateway token from ${envPath}`)
  expect(readFileSync(envPath, 'utf8')).toContain('OPENCLAW_GATEWAY_TOKEN="s3cret token"')
  const rotated = cli(['gateway', 'install', '--dir', dir, '--rotate-token'], env)
  expect(rotated.stdout).toContain('Generated a new gateway token (--rotate-token)')
  const minted = /OPENCLAW_GATEWAY_TOKEN="([^"]+)"/.exec(readFileSync(envPath, 'utf8'))![1]!
  expect(minted).toMatch(/^[0-9a-f]{48}$/) // hex: never starts with "-"
  expect(rotated.stdout).toContain(minted)

  expect(cli(['gateway', 'uninstall', '--dir', dir], env).code).toBe(0)
  expect(existsSync(join(dir, 'openclaw-gateway.service'))).toBe(false)
  expect(existsSync(envPath)).toBe(false)
})
