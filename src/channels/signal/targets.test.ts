import { expect, test } from 'bun:test'
import { parseSignalTarget } from './targets.ts'

test('the original target grammar', () => {
  expect(parseSignalTarget('+15551234567')).toEqual({ recipient: ['+15551234567'], chatId: '+15551234567' })
  expect(parseSignalTarget('signal:+15551234567')).toEqual({ recipient: ['+15551234567'], chatId: '+15551234567' })
  expect(parseSignalTarget('uuid:abc')).toEqual({ recipient: ['abc'], chatId: 'uuid:abc' })
  expect(parseSignalTarget('123e4567-e89b-12d3-a456-426614174000')).toMatchObject({ recipient: ['123e4567-e89b-12d3-a456-426614174000'] })
  expect(parseSignalTarget('username:ada.01')).toEqual({ recipient: ['u:ada.01'], chatId: 'username:ada.01' })
  expect(parseSignalTarget('signal:group:AbC=')).toEqual({ groupId: 'AbC=', chatId: 'AbC=' })
  expect(parseSignalTarget('Pmpi+EfPWmsxiomLe9Nx2XF9HOE483p6iKiFj65iMwI=')).toMatchObject({ groupId: 'Pmpi+EfPWmsxiomLe9Nx2XF9HOE483p6iKiFj65iMwI=' })
})

test('anything else is an INVALID_TARGET error', () => {
  for (const bad of ['', 'Ada', '5551234', 'tel:+1555']) {
    expect(() => parseSignalTarget(bad)).toThrow(expect.objectContaining({ details: expect.objectContaining({ code: 'INVALID_TARGET' }) }))
  }
})
