import { expect, test } from 'bun:test'
import { parseCommand } from './parse-command.ts'

test('commands, their aliases and arguments; mentions and a bot suffix are skipped', () => {
  expect(parseCommand('/status')).toEqual({ name: 'status', args: '' })
  expect(parseCommand('/new  what is the weather?')).toEqual({ name: 'new', args: 'what is the weather?' })
  expect(parseCommand('/model: fake/fake-2')).toEqual({ name: 'model', args: 'fake/fake-2' })
  expect(parseCommand('@test_bot /stop')).toEqual({ name: 'stop', args: '' })
  expect(parseCommand('<@UBOT> /whoami')).toEqual({ name: 'whoami', args: '' })
  expect(parseCommand('/status@test_bot')).toEqual({ name: 'status', args: '' })
  expect(parseCommand('/id')).toEqual({ name: 'whoami', args: '' })
})

test('unknown /words and ordinary text are not commands', () => {
  expect(parseCommand('/weather in Paris')).toBeUndefined()
  expect(parseCommand('please /stop that')).toBeUndefined()
  expect(parseCommand('/statusreport')).toBeUndefined()
  expect(parseCommand('hello')).toBeUndefined()
})
