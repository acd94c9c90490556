/**
 * Channel benchmark (not a test): a real gateway in this process, grammY against the fake Bot API on
 * 127.0.0.1, and the real agent runtime talking to the fake OpenAI-compatible model (which answers
 * "echo: <message>" at once), each chat in its own session (`session.dmScope: per-channel-peer`, as a
 * bot serving many people would run). Measures
 *   1. update → reply-sent latency (median, p95), one chat per message so the per-chat pace never applies;
 *   2. the same for one chat that has been quiet for over a second (the pace must cost nothing then);
 *   3. messages per second through one account, many chats at once;
 *   4. CPU time per message and memory before/after;
 *   5. live previews (`streaming.mode: "partial"`): the real agent streaming from the fake model (10
 *      tokens, 20 ms apart), time from the model's first token to the first visible text (the preview
 *      sendMessage reaching the fake) beside the time to the final text (its last edit).
 * Usage: bun scripts/bench-channels.ts [messages=500] [burst=2000] [streamed=40]
 */
import { FakeTelegram } from '/work/wt/durable-inbound/test/fakes/telegram-bot-api.ts'
import { startChannelGateway, startFakeModelServer } from '/work/wt/durable-inbound/test/helpers/agent.ts'
import { log } from '/work/wt/durable-inbound/src/log.ts'

log.level = 1
const N = Number(process.argv[2] ?? 500)
const BURST = Number(process.argv[3] ?? 2000)
const STREAMED = Number(process.argv[4] ?? 40)

const tg = new FakeTelegram().start()
const gw = await startChannelGateway({ telegram: { botToken: '1:B', apiRoot: tg.url, dmPolicy: 'open', allowFrom: ['*'] } }, { persistent: true, config: { session: { dmScope: 'per-channel-peer' } } })
await tg.recorder.waitFor((c) => c.method === 'deleteWebhook')
await Bun.sleep(200)

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`

async function roundTrip(chatId: number, text: string): Promise<number> {
  const started = performance.now()
  tg.pushText(text, { fromId: chatId })
  await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.chat_id === String(chatId) && c.body.text === `echo: ${text}`, 10_000)
  return performance.now() - started
}

// Warm-up: JIT, SDK paths, sqlite statements.
for (let i = 0; i < 50; i++) await roundTrip(10_000 + i, `warm ${i}`)
Bun.gc(true)
const memBefore = process.memoryUsage()
const cpuBefore = process.cpuUsage()

const latencies: number[] = []
for (let i = 0; i < N; i++) latencies.push(await roundTrip(20_000 + i, `m${i}`))

const quiet: number[] = []
for (let i = 0; i < 5; i++) {
  await Bun.sleep(1100)
  quiet.push(await roundTrip(30_000, `quiet ${i}`))
}

const burstStart = performance.now()
const before = tg.recorder.of('sendMessage').length
for (let i = 0; i < BURST; i++) tg.pushText(`b${i}`, { fromId: 100_000 + i })
while (tg.recorder.of('sendMessage').length - before < BURST) await Bun.sleep(5)
const burstSeconds = (performance.now() - burstStart) / 1000

const cpu = process.cpuUsage(cpuBefore)
Bun.gc(true)
const memAfter = process.memoryUsage()
const messages = N + 5 + BURST

console.log(`update → reply sent, ${N} messages, distinct chats: median ${median(latencies).toFixed(2)} ms (target ≤ 8 ms: ${median(latencies) <= 8 ? 'meets' : 'MISSES'}), p95 ${p95(latencies).toFixed(2)} ms`)
console.log(`update → reply sent, one chat quiet > 1 s: median ${median(quiet).toFixed(2)} ms (${quiet.map((q) => q.toFixed(1)).join(', ')})`)
console.log(`throughput, ${BURST} messages from ${BURST} chats through one account: ${(BURST / burstSeconds).toFixed(0)} msg/s (${burstSeconds.toFixed(2)} s)`)
console.log(`CPU per message (gateway + agent + fake upstream and model, one process): ${((cpu.user + cpu.system) / 1000 / messages).toFixed(3)} ms`)
console.log(`memory: RSS ${mb(memBefore.rss)} → ${mb(memAfter.rss)}, heap used ${mb(memBefore.heapUsed)} → ${mb(memAfter.heapUsed)} over ${messages} messages`)

await gw.stop()
tg.stop()

// 5. Live previews through the real agent runtime.
const model = startFakeModelServer('openai', { delayMs: 20 })
const streamTg = new FakeTelegram().start()
const streamGw = await startChannelGateway(
  { telegram: { botToken: '1:S', apiRoot: streamTg.url, dmPolicy: 'open', allowFrom: ['*'], streaming: { mode: 'partial' } } },
  { fake: model, config: { session: { dmScope: 'per-channel-peer' } } },
)
await streamTg.recorder.waitFor((c) => c.method === 'deleteWebhook')
const TOKENS = Array.from({ length: 10 }, (_, i) => `t${i} `)
const FINAL = TOKENS.join('').trim()
const firstVisible: number[] = []
const finalVisible: number[] = []
for (let i = 0; i < STREAMED + 5; i++) {
  const chat = 50_000 + i
  model.script({ kind: 'text', chunks: TOKENS })
  streamTg.pushText(`stream ${i}`, { fromId: chat })
  const preview = await streamTg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.chat_id === String(chat), 10_000)
  const done = await streamTg.recorder.waitFor((c) => c.method === 'editMessageText' && c.body.chat_id === String(chat) && c.body.text === FINAL, 10_000)
  const token = model.firstTokenAt.at(-1)!
  // The first five are warm-up.
  if (i >= 5) (firstVisible.push(preview.at! - token), finalVisible.push(done.at! - token))
}
console.log(`live preview, ${STREAMED} streamed replies (10 tokens 20 ms apart): model's first token → first visible text median ${median(firstVisible).toFixed(2)} ms, p95 ${p95(firstVisible).toFixed(2)} ms (target ≤ 50 ms); → final text median ${median(finalVisible).toFixed(2)} ms`)
await streamGw.stop()
streamTg.stop()
await model.stop()
process.exit(0)
