/** `openclaw channels …`: channel account operations that need a running gateway. */
import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'channels', description: 'Link chat channel accounts (WhatsApp QR login)' },
  subCommands: {
    login: () => import('./channels/login.ts').then((m) => m.default),
  },
})
