import { expect, test } from 'bun:test'
import { IMESSAGE_NEEDS_MACOS, resolveIMessageAccounts } from './accounts.ts'

test('the default imsg needs macOS; an explicit cliPath (a wrapper) runs anywhere', () => {
  expect(resolveIMessageAccounts({ imessage: {} }, {}, 'linux')[0]!.missing).toBe(IMESSAGE_NEEDS_MACOS)
  expect(resolveIMessageAccounts({ imessage: {} }, {}, 'darwin')[0]).toMatchObject({ missing: undefined, settings: { cliPath: 'imsg', includeAttachments: false } })
  expect(resolveIMessageAccounts({ imessage: { cliPath: '/home/me/imsg-ssh' } }, {}, 'linux')[0]!.missing).toBeUndefined()
  expect(resolveIMessageAccounts({}, {}, 'darwin')).toEqual([])
})

test('configured group ids are known as groups', () => {
  const [account] = resolveIMessageAccounts({ imessage: { groups: { '*': {}, '42': { requireMention: false } } } }, {}, 'darwin')
  expect(account!.settings.groupChatIds).toEqual(['42'])
  expect(account!.policy.groups['42']).toEqual({ requireMention: false })
})
