#!/usr/bin/env bun
/**
 * A stand-in for the `imsg` executable (`fake-imsg.ts rpc [--db PATH]`): a pipe between its stdio
 * and the test's FakeImsg control server ($FAKE_IMSG_CONTROL, a WebSocket URL), which plays imsg's
 * JSON-RPC. Lines from stdin go to the server; lines from the server go to stdout; the server can
 * make it exit, or start an endless stdout line (`flood`). Without a control server it behaves like a
 * broken install and exits 2.
 */
const control = process.env.FAKE_IMSG_CONTROL
if (process.argv[2] !== 'rpc' || !control) {
  console.error(`fake imsg: need "rpc" and FAKE_IMSG_CONTROL (got ${process.argv.slice(2).join(' ')})`)
  process.exit(2)
}

const ws = new WebSocket(control)
const early: string[] = []
ws.onopen = () => {
  ws.send(JSON.stringify({ hello: { pid: process.pid, argv: process.argv.slice(2) } }))
  for (const line of early.splice(0)) ws.send(JSON.stringify({ line }))
}
ws.onmessage = (event) => {
  const msg = JSON.parse(String(event.data)) as { line?: string; exit?: number; stderr?: string; flood?: boolean }
  if (msg.flood) void flood()
  if (msg.stderr !== undefined) process.stderr.write(`${msg.stderr}\n`)
  if (msg.line !== undefined) process.stdout.write(`${msg.line}\n`)
  if (msg.exit !== undefined) process.exit(msg.exit)
}
ws.onclose = () => process.exit(3)

/** One line that never ends, written as fast as the reader takes it. */
async function flood() {
  const chunk = 'x'.repeat(1 << 16)
  for (;;) await Bun.write(Bun.stdout, chunk)
}

let rest = ''
const decoder = new TextDecoder()
for await (const chunk of Bun.stdin.stream()) {
  const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n')
  rest = lines.pop()!
  for (const line of lines) {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ line }))
    else early.push(line)
  }
}
// imsg ends at end of input.
process.exit(0)

export {}
