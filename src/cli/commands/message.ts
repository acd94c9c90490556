/** `openclaw message …`: outbound messages through the gateway's channels. */
import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'message', description: 'Send a message on a channel' },
  subCommands: {
    send: () => import('./message/send.ts').then((m) => m.default),
  },
})
