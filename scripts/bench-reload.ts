/**
 * Live config reload benchmark (not a test): a real gateway in this process watching its config file,
 * a WebSocket client, and grammY against the fake Bot API on 127.0.0.1. Each round saves the file the
 * way editors do (temp file renamed over it) and measures, median of N:
 *   1. saved → applied for a plain setting (the heartbeat cadence): until the client gets `config.changed`;
 *   2. saved → a newly added Telegram account connected, split into the reload's own part (saved →
 *      the account started) and the provider's connect time (started → connected, grammY's getMe).
 * Target: the reload's part at most 50 ms, plus the provider's own connect time.
 * Usage: bun scripts/bench-reload.ts [rounds=20]
 */
import { renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../src/config/load-config.ts'
import { resolveSettings } from '../src/config/settings.ts'
import { startGateway } from '../src/gateway/server.ts'
import { log } from '../src/log.ts'
import { FakeTelegram } from '../test/fakes/telegram-bot-api.ts'
import { TestClient } from '../test/helpers/client.ts'
import { tempStateDir, TEST_TOKEN } from '../test/helpers/gateway.ts'

log.level = 1
const N = Number(process.argv[2] ?? 20)
const tg = new FakeTelegram().start()
const stateDir = tempStateDir()
const path = join(stateDir, 'openclaw.json')
const flags = { port: 0, token: TEST_TOKEN }

function save(config: unknown): number {
  writeFileSync(`${path}.tmp`, JSON.stringify(config, null, 2))
  const at = Date.now()
  renameSync(`${path}.tmp`, path)
  return at
}

const telegram = (accounts: string[]) => ({ apiRoot: tg.url, accounts: Object.fromEntries(accounts.map((id, i) => [id, { botToken: `${i + 1}:B` }])) })
writeFileSync(path, JSON.stringify({ channels: { telegram: telegram(['main']) } }))
const loaded = await loadConfig(path)
const gw = await startGateway({ settings: resolveSettings(loaded, flags, stateDir, {}), loaded, flags, env: {}, database: ':memory:', lock: false })
const client = await TestClient.connect(gw.url, { token: TEST_TOKEN })
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const account = (id: string) => gw.runtime.services.channels.status().channelAccounts.telegram?.find((a) => a.accountId === id)

async function until<T>(probe: () => T | undefined): Promise<T> {
  for (;;) {
    const v = probe()
    if (v !== undefined) return v
    await Bun.sleep(1)
  }
}

// 1. A plain setting.
const plain: number[] = []
for (let i = 0; i < N + 2; i++) {
  const saved = save({ channels: { telegram: telegram(['main']) }, agents: { defaults: { heartbeat: { every: `${30 + i}m` } } } })
  await client.event('config.changed')
  if (i >= 2) plain.push(Date.now() - saved)
}

// 2. A channel account added by an edit.
const reload: number[] = []
const connect: number[] = []
const total: number[] = []
for (let i = 0; i < N + 2; i++) {
  const id = `bench${i}`
  const saved = save({ channels: { telegram: telegram(['main', id]) } })
  const a = await until(() => {
    const s = account(id)
    return s?.connected ? s : undefined
  })
  if (i < 2) continue
  reload.push(a.lastStartAt! - saved)
  connect.push(a.lastConnectedAt! - a.lastStartAt!)
  total.push(a.lastConnectedAt! - saved)
}

console.log(`config reload, median of ${N} saves (temp file renamed over openclaw.json):`)
console.log(`  plain setting: saved → config.changed at the client   ${median(plain)} ms   (target ≤ 50 ms)`)
console.log(`  Telegram account added: saved → account started      ${median(reload)} ms   (target ≤ 50 ms)`)
console.log(`                          started → connected (getMe)   ${median(connect)} ms   (the provider's own connect time)`)
console.log(`                          saved → connected             ${median(total)} ms`)
client.close()
await gw.stop()
tg.stop()
