import { expect, test } from 'bun:test'
import { currentAccountScope, runInAccountScope, runOutsideAccountScope, type AccountScope } from './account-scope.ts'

const account: AccountScope = { key: 'slack:default', fault: () => {} }

test('the scope follows the SDK\'s callbacks (timers, promises) and not the gateway\'s handling of what it delivered', async () => {
  const seen: (string | undefined)[] = []
  await new Promise<void>((done) => {
    runInAccountScope(account, () => {
      setTimeout(() => {
        seen.push(currentAccountScope()?.key)
        void Promise.resolve().then(() => {
          seen.push(currentAccountScope()?.key)
          runOutsideAccountScope(() => setTimeout(() => {
            seen.push(currentAccountScope()?.key)
            done()
          }, 1))
        })
      }, 1)
    })
  })
  expect(seen).toEqual(['slack:default', 'slack:default', undefined])
  expect(currentAccountScope()).toBeUndefined()
})
