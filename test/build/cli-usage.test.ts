/**
 * The compiled binary's command line without a gateway: usage errors, --version, colour, config
 * errors and `gateway install`. Every case asserts the exit code and the words a user reads.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { compiledBinary, runBinary, type CliResult } from '../helpers/binary.ts'
import { tempStateDir } from '../helpers/gateway.ts'

const ANSI = '\u001B['
let binary: string
const dir = tempStateDir()
const env = { OPENCLAW_STATE_DIR: join(dir, 'state'), OPENCLAW_CONFIG_PATH: join(dir, 'state', 'openclaw.json'), OPENCLAW_GATEWAY_TOKEN: undefined }
const cli = (args: string[], extra: Record<string, string | undefined> = {}) => runBinary(binary, args, { ...env, ...extra })

beforeAll(async () => {
  binary = await compiledBinary()
}, 180_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('usage errors', () => {
  test('unknown commands and flags, missing arguments and bad values exit 2, naming what is wrong', async () => {
    const cases: [string[], string][] = [
      [['bogus'], 'unknown command "bogus" for "openclaw" (did you mean "openclaw logs"?)'],
      [['nodes', 'lsit'], 'did you mean "openclaw nodes list"?'],
      [['gateway', 'frob'], 'unknown command "frob" for "openclaw gateway"'],
      [['gateway', '--frobnicate'], 'unknown flag --frobnicate'],
      [['status', '--bogus-flag'], 'unknown flag --bogus-flag'],
      [['status', '--tokn', 'x'], 'unknown flag --tokn (did you mean --token?)'],
      [['gateway', 'call'], 'missing <method>'],
      [['gateway', 'call', 'health', '--timeout', 'abc'], '--timeout: not a positive whole number: abc'],
      [['gateway', 'call', 'health', '--url', 'notaurl'], '--url: not a URL: notaurl'],
      [['gateway', 'call', 'health', '--params', '{nope'], '--params: not valid JSON'],
      [['devices', 'list', '--tls-fingerprint', 'zz'], '--tls-fingerprint: not a SHA-256 fingerprint'],
      [['gateway', '--port', 'abc'], '--port: not a TCP port (0-65535): abc'],
      [['gateway', 'run', '--bind', 'moon'], '--bind: "moon" is not one of loopback, lan, tailnet, custom, auto'],
      [['gateway', '--token'], '--token needs a value'],
      [['gateway', '--token='], '--token needs a value'],
      [['devices', 'rotate', 'dev1', '--role', 'admin'], '--role: "admin" is not one of operator, node'],
      [['nodes', 'rename', '--name', 'x'], '--node is required'],
      [['agent'], 'give exactly one of --message and --message-file'],
      [['message', 'send', '-m', 'hi'], '--target is required'],
      [['logs', '--limit', '0'], '--limit: not a positive whole number: 0'],
      [['nodes'], 'missing command: openclaw nodes <command>'],
    ]
    const results = await Promise.all(cases.map(([args]) => cli(args)))
    for (const [i, [args, message]] of cases.entries()) {
      const r = results[i]!
      expect({ args, code: r.code, said: r.stderr.includes(message) }).toEqual({ args, code: 2, said: true })
      expect(r.stderr).toContain('--help" for usage')
      expect(r.stderr).not.toContain(ANSI) // a pipe gets no colour
      expect(r.stderr).not.toContain('    at ') // and no stack trace
    }
    // The flag was wrong, not a config file: none is named.
    expect(results[11]!.stderr).not.toContain('openclaw.json')
  }, 60_000)

  test('--help prints plain usage with every flag and exits 0', async () => {
    const r = await cli(['nodes', 'invoke', '--help'])
    expect(r.code).toBe(0)
    for (const flag of ['--node <idOrNameOrIp>', '--command <command>', '--params <json>', '--invoke-timeout <ms>', '--url <url>', '--token <token>', '--json']) {
      expect(r.stdout).toContain(flag)
    }
    expect(r.stdout).not.toContain(ANSI)
    const top = await cli(['--help'])
    for (const verb of ['gateway', 'status', 'agent', 'message', 'sessions', 'logs', 'nodes', 'node', 'devices', 'pairing', 'channels']) {
      expect(top.stdout).toMatch(new RegExp(`^  ${verb} `, 'm'))
    }
  }, 30_000)
})

test('--version and -v work on every verb, run nothing and write nothing', async () => {
  const verbs = [[], ['gateway'], ['gateway', 'run'], ['gateway', 'install'], ['gateway', 'call'], ['status'], ['nodes'], ['nodes', 'invoke'], ['agent'], ['message', 'send'], ['logs'], ['sessions'], ['devices', 'list'], ['node', 'run']]
  const results = await Promise.all(verbs.flatMap((verb) => [cli([...verb, '--version']), cli([...verb, '-v'])]))
  for (const r of results) expect({ code: r.code, stdout: r.stdout.trim(), stderr: r.stderr }).toEqual({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+$/), stderr: '' })
  expect(existsSync(env.OPENCLAW_STATE_DIR)).toBe(false)
  const json = await cli(['--version', '--json'])
  expect(json.code).toBe(0)
  expect(JSON.parse(json.stdout)).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+$/) })
}, 60_000)

test('colour only on a terminal, or with FORCE_COLOR; NO_COLOR wins', async () => {
  const [piped, forced, both] = await Promise.all([cli(['bogus']), cli(['bogus'], { FORCE_COLOR: '1' }), cli(['bogus'], { FORCE_COLOR: '1', NO_COLOR: '1' })])
  expect(piped.stderr).not.toContain(ANSI)
  expect(forced.stderr).toContain(`${ANSI}31mERROR`)
  expect(both.stderr).not.toContain(ANSI)
}, 30_000)

// util-linux `script` gives the binary a pseudo-terminal, as a user's shell would.
test.skipIf(!Bun.which('script'))('a terminal gets colour; NO_COLOR turns it off there too', async () => {
  const inTerminal = (extra: Record<string, string | undefined>) =>
    runBinary('script', ['-qec', `${binary} bogus`, '/dev/null'], { ...env, TERM: 'xterm', ...extra })
  const [tty, noColor] = await Promise.all([inTerminal({}), inTerminal({ NO_COLOR: '1' })])
  expect(tty.stdout).toContain(`${ANSI}31mERROR`)
  expect(noColor.stdout).toContain('ERROR unknown command "bogus"')
  expect(noColor.stdout).not.toContain(ANSI)
}, 30_000)

describe('config errors exit 78 and say exactly what is wrong', () => {
  test('--config naming a missing file is refused, naming it', async () => {
    const missing = join(dir, 'missing.json')
    const r = await cli(['gateway', '--config', missing, '--token', 't', '--port', '0'])
    expect(r.code).toBe(78)
    expect(r.stderr).toContain(`invalid config ${missing}`)
    expect(r.stderr).toContain('no such file')
  }, 30_000)

  test('a wrong enum lists the allowed values; a JSON5 syntax error gives line and column', async () => {
    const bad = join(dir, 'enum.json')
    writeFileSync(bad, '{ gateway: { bind: "moon" } }')
    const r = await cli(['gateway', '--config', bad, '--token', 't', '--port', '0'])
    expect(r.code).toBe(78)
    expect(r.stderr).toContain('gateway.bind: must be one of "auto", "loopback", "lan", "tailnet", "custom" (got "moon")')
    const broken = join(dir, 'broken.json')
    writeFileSync(broken, '{\n  gateway: {\n    port: 1,,\n  },\n}\n')
    const s = await cli(['gateway', '--config', broken, '--token', 't'])
    expect(s.code).toBe(78)
    expect(s.stderr).toContain(`invalid config ${broken}`)
    expect(s.stderr).toContain('not valid JSON5: line 3, column 13: unexpected ","')
  }, 30_000)

  test('a setting problem without a config file does not blame the file', async () => {
    const r = await cli(['gateway', '--port', '0'])
    expect(r.code).toBe(78)
    expect(r.stderr).toContain('no gateway token')
    expect(r.stderr).not.toContain('invalid config')
  }, 30_000)
})

test.skipIf(process.platform === 'darwin')('gateway install mints hex tokens, keeps the installed one unless told, and says which it did', async () => {
  const unitDir = join(dir, 'units')
  const envPath = join(unitDir, 'openclaw-gateway.env')
  const installed = () => /OPENCLAW_GATEWAY_TOKEN="([^"]*)"/.exec(readFileSync(envPath, 'utf8'))![1]!
  const install = (...args: string[]): Promise<CliResult> => cli(['gateway', 'install', '--dir', unitDir, ...args])

  const first = await install()
  expect(first.code).toBe(0)
  expect(first.stdout).toContain('Generated a gateway token.')
  const minted = installed()
  expect(minted).toMatch(/^[0-9a-f]{48}$/)
  expect(first.stdout).toContain(minted)

  const again = await install()
  expect(again.stdout).toContain(`Kept the installed gateway token from ${envPath}`)
  expect(installed()).toBe(minted)

  const rotated = await install('--rotate-token')
  expect(rotated.stdout).toContain('Generated a new gateway token (--rotate-token)')
  expect(installed()).not.toBe(minted)

  const given = await install('--token', '-kGG8-dash')
  expect(given.stdout).toContain('Using the token given with --token.')
  expect(installed()).toBe('-kGG8-dash')

  const both = await install('--token', 'x', '--rotate-token')
  expect(both.code).toBe(2)
  expect(both.stderr).toContain('choose --token or --rotate-token, not both')
}, 60_000)
