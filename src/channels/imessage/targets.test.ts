import { expect, test } from 'bun:test'
import { parseIMessageTarget } from './targets.ts'

test('chat targets, handles and service-qualified handles', () => {
  expect(parseIMessageTarget('chat_id:42')).toEqual({ params: { chat_id: 42 }, chatId: '42' })
  expect(parseIMessageTarget('42')).toEqual({ params: { chat_id: 42 }, chatId: '42' })
  expect(parseIMessageTarget('chat_guid:iMessage;+;chat1')).toEqual({ params: { chat_guid: 'iMessage;+;chat1' }, chatId: 'chat_guid:iMessage;+;chat1' })
  expect(parseIMessageTarget('chat_identifier:chat1')).toEqual({ params: { chat_identifier: 'chat1' }, chatId: 'chat_identifier:chat1' })
  expect(parseIMessageTarget('+15551234567')).toEqual({ params: { to: '+15551234567' }, chatId: '+15551234567' })
  expect(parseIMessageTarget('tel:+15551234567')).toEqual({ params: { to: '+15551234567' }, chatId: '+15551234567' })
  expect(parseIMessageTarget('ada@example.com').params).toEqual({ to: 'ada@example.com' })
  expect(parseIMessageTarget('sms:+15551234567').params).toEqual({ to: '+15551234567', service: 'sms' })
  expect(parseIMessageTarget('auto:Ada').params).toEqual({ to: 'Ada', service: 'auto' })
})

test('bare names are refused rather than guessed', () => {
  for (const bad of ['Ada Lovelace', '', 'ada@', 'chat_id:x']) {
    expect(() => parseIMessageTarget(bad)).toThrow(expect.objectContaining({ details: expect.objectContaining({ code: 'INVALID_TARGET' }) }))
  }
})
