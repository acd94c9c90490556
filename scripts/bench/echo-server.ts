/** The baseline: a bare Bun.serve WebSocket server that echoes every frame. Prints its port. */
const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(process.argv[2] ?? 0),
  fetch(req, srv) {
    return srv.upgrade(req) ? undefined : new Response('echo', { status: 200 })
  },
  websocket: {
    perMessageDeflate: false,
    message(ws, msg) {
      ws.send(msg)
    },
  },
})
console.log(`listening on ws://127.0.0.1:${server.port}`)
