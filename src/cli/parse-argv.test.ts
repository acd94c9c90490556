import { expect, test } from 'bun:test'
import { checkPort } from './flag-checks.ts'
import { parseArgv } from './parse-argv.ts'

const defs = {
  target: { type: 'positional', required: true },
  port: { type: 'string', check: checkPort },
  mode: { type: 'enum', options: ['a', 'b'] },
  'dry-run': { type: 'boolean' },
  message: { type: 'string', alias: 'm' },
  tag: { type: 'string', repeatable: true },
} as const

const parse = (argv: string[]) => parseArgv(argv, defs as never)

test('flags by name, alias, =value and negation; kebab and camel names; positionals in order', () => {
  const { args } = parse(['x', '--port=80', '-m', '-starts-with-dash', '--dry-run', '--tag', 'a', '--tag', 'b'])
  expect(args).toMatchObject({ target: 'x', port: '80', message: '-starts-with-dash', 'dry-run': true, dryRun: true, tag: ['a', 'b'] })
  expect(parse(['x', '--no-dry-run']).args.dryRun).toBe(false)
  expect(parse(['--', '--literal']).args.target).toBe('--literal')
})

test('every mistake names the flag or argument', () => {
  const mistakes: [string[], string][] = [
    [['x', '--prot', '1'], 'unknown flag --prot (did you mean --port?)'],
    [['x', '--port', 'abc'], '--port: not a TCP port (0-65535): abc'],
    [['x', '--mode', 'c'], '--mode: "c" is not one of a, b'],
    [['x', '--port'], '--port needs a value'],
    [['x', '--message='], '--message needs a value'],
    [['x', '--port', '1', '--port', '2'], '--port is given more than once'],
    [['x', '--dry-run=yes'], '--dry-run takes no value'],
    [[], 'missing <target>'],
    [['x', 'y'], 'unexpected argument "y"'],
    [['x', '--json'], 'unknown flag --json'],
  ]
  for (const [argv, message] of mistakes) expect(() => parse(argv)).toThrow(message)
})

test('--help and --version skip the required-argument checks; --json is allowed beside --version', () => {
  expect(parse(['--help']).help).toBe(true)
  expect(parse(['-v', '--json'])).toMatchObject({ version: true, json: true })
})
