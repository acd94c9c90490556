/** Polls `channels.status` until one provider's first account matches (status changes are asynchronous). */
import { TestClient } from './client.ts'

export async function waitForAccount(client: TestClient, provider: string, ok: (account: any) => boolean, timeoutMs = 5000): Promise<any> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const status = await client.call('channels.status', {})
    const account = status.channelAccounts[provider]?.[0]
    if (account && ok(account)) return account
    if (Date.now() > deadline) throw new Error(`${provider} status never matched: ${JSON.stringify(account)}`)
    await Bun.sleep(25)
  }
}

/** Polls `channels.status` until the named account of a provider matches. */
export async function waitForAccountId(client: TestClient, provider: string, accountId: string, ok: (account: any) => boolean, timeoutMs = 5000): Promise<any> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const status = await client.call('channels.status', {})
    const account = status.channelAccounts[provider]?.find((a: { accountId: string }) => a.accountId === accountId)
    if (account && ok(account)) return account
    if (Date.now() > deadline) throw new Error(`${provider}/${accountId} status never matched: ${JSON.stringify(account)}`)
    await Bun.sleep(25)
  }
}

/** Connects an operator client just long enough to see a provider's first account connected. */
export async function waitForConnected(gateway: { url: string; token: string }, provider: string, timeoutMs = 10_000): Promise<void> {
  const client = await TestClient.connect(gateway.url, { token: gateway.token })
  try {
    await waitForAccount(client, provider, (a) => a.connected, timeoutMs)
  } finally {
    client.close()
  }
}
