export const runArgs = {
  port: { type: 'string', description: 'Port for HTTP and WebSocket (default 18789)' },
  bind: { type: 'string', description: 'loopback (default) | lan | tailnet | custom | auto' },
  host: { type: 'string', description: 'Exact address to listen on (overrides --bind)' },
  token: { type: 'string', description: 'Shared gateway token (or $OPENCLAW_GATEWAY_TOKEN)' },
  password: { type: 'string', description: 'Shared gateway password (or $OPENCLAW_GATEWAY_PASSWORD)' },
  auth: { type: 'string', description: 'Auth mode: token | password | none (none: loopback only)' },
  'tls-cert': { type: 'string', description: 'TLS certificate (PEM): serve wss:// and https://' },
  'tls-key': { type: 'string', description: 'TLS private key (PEM) for --tls-cert' },
  config: { type: 'string', description: 'Config file (default ~/.openclaw/openclaw.json or $OPENCLAW_CONFIG_PATH)' },
  'move-corrupt-db': { type: 'boolean', description: 'Move a corrupt or truncated database aside (to <file>.corrupt-<time>) and start with an empty one' },
} as const
