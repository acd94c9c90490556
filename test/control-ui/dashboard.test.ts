/** `openclaw dashboard`: the dashboard URL with the token in its fragment, and `--open` handing it to the browser opener. */
import { afterAll, expect, test } from 'bun:test'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ENTRY } from '../helpers/gateway.ts'

const dir = mkdtempSync(join(tmpdir(), 'dashboard-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function dashboard(config: string, args: string[] = [], env: Record<string, string> = {}) {
  const path = join(dir, `${Bun.hash(config)}.json`)
  writeFileSync(path, config)
  const { OPENCLAW_GATEWAY_TOKEN: _t, OPENCLAW_GATEWAY_PORT: _p, ...base } = process.env
  const proc = Bun.spawn([process.execPath, ENTRY, 'dashboard', ...args], { env: { ...base, OPENCLAW_CONFIG_PATH: path, ...env }, stdout: 'pipe', stderr: 'pipe' })
  const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited])
  return { out: out.trim(), code }
}

test('prints the Control UI URL under its base path with the token in the fragment', async () => {
  const config = '{ gateway: { port: 18999, auth: { token: "s3cr/t" }, controlUi: { root: "/srv/ui", basePath: "/openclaw" } } }'
  expect(await dashboard(config)).toEqual({ out: 'http://127.0.0.1:18999/openclaw/#token=s3cr%2Ft', code: 0 })
  const json = JSON.parse((await dashboard(config, ['--json'])).out)
  expect(json).toEqual({ ok: true, url: 'http://127.0.0.1:18999/openclaw/#token=s3cr%2Ft', httpUrl: 'http://127.0.0.1:18999/openclaw/', wsUrl: 'ws://127.0.0.1:18999', port: 18999, tokenIncluded: true })
})

test('WebChat at / without a Control UI; a password never goes into the URL; --open runs the opener', async () => {
  expect((await dashboard('{ gateway: { auth: { password: "pw" } } }')).out.split('\n')[0]).toBe('http://127.0.0.1:18789/')
  const bin = join(dir, 'bin')
  mkdirSync(bin, { recursive: true })
  const opened = join(dir, 'opened')
  // Written aside and renamed: the file exists only once it holds the whole URL.
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\necho "$1" > ${opened}.tmp && mv ${opened}.tmp ${opened}\n`)
  chmodSync(join(bin, 'xdg-open'), 0o755)
  const res = await dashboard('{ gateway: { port: 18998 } }', ['--open'], { PATH: `${bin}:${process.env.PATH}`, OPENCLAW_GATEWAY_TOKEN: 'env-token' })
  expect(res).toEqual({ out: 'http://127.0.0.1:18998/#token=env-token', code: 0 })
  // The opener runs detached: wait for its file (up to 10 s on a busy machine).
  for (let i = 0; i < 500 && !(await Bun.file(opened).exists()); i++) await Bun.sleep(20)
  expect(readFileSync(opened, 'utf8').trim()).toBe('http://127.0.0.1:18998/#token=env-token')
})
