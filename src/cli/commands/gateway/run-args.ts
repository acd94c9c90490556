import { checkPort } from '../../flag-checks.ts'

export const runArgs = {
  port: { type: 'string', valueHint: 'port', description: 'Port for HTTP and WebSocket (default 18789; 0 picks a free one)', check: checkPort },
  bind: { type: 'enum', options: ['loopback', 'lan', 'tailnet', 'custom', 'auto'] as string[], description: 'Where to listen (default loopback)' },
  host: { type: 'string', valueHint: 'address', description: 'Exact address to listen on (overrides --bind)' },
  token: { type: 'string', valueHint: 'token', description: 'Shared gateway token (or $OPENCLAW_GATEWAY_TOKEN)' },
  password: { type: 'string', valueHint: 'password', description: 'Shared gateway password (or $OPENCLAW_GATEWAY_PASSWORD)' },
  auth: { type: 'enum', options: ['token', 'password', 'none'] as string[], description: 'Auth mode (none: loopback only)' },
  'tls-cert': { type: 'string', valueHint: 'path', description: 'TLS certificate (PEM): serve wss:// and https://' },
  'tls-key': { type: 'string', valueHint: 'path', description: 'TLS private key (PEM) for --tls-cert' },
  config: { type: 'string', valueHint: 'path', description: 'Config file (default ~/.openclaw/openclaw.json or $OPENCLAW_CONFIG_PATH); must exist' },
  'move-corrupt-db': { type: 'boolean', description: 'Move a corrupt or truncated database aside (to <file>.corrupt-<time>) and start with an empty one' },
} as const
