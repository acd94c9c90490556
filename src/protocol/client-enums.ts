/** The exact client ids, client modes and auth methods of the wire (PROTOCOL.md §2.4, §2.6). */
export const CLIENT_IDS = [
  'webchat-ui', 'openclaw-control-ui', 'openclaw-browser-copilot', 'openclaw-tui', 'webchat', 'cli',
  'gateway-client', 'openclaw-macos', 'openclaw-linux', 'openclaw-ios', 'openclaw-watchos',
  'openclaw-android', 'node-host', 'openclaw-worker', 'test', 'fingerprint', 'openclaw-probe',
] as const

export const CLIENT_MODES = ['webchat', 'cli', 'ui', 'backend', 'node', 'worker', 'probe', 'test'] as const

export const AUTH_METHODS = ['none', 'token', 'password', 'tailscale', 'device-token', 'bootstrap-token', 'trusted-proxy'] as const
