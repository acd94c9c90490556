#!/usr/bin/env bash
# Fetches a Control UI build (the `dist/control-ui` folder of the public `openclaw` npm package) into a
# cache folder and prints that folder. Only the package tarball is downloaded (`npm pack`); nothing is
# installed. A second run is instant. Point the gateway at the printed folder with
# `gateway.controlUi.root`.
set -euo pipefail
version=${OPENCLAW_CONTROL_UI_VERSION:-2026.9.6}
cache=${OPENCLAW_CONTROL_UI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openclaw-control-ui}
dest="$cache/control-ui-$version"
if [[ ! -f $dest/index.html ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "openclaw@$version" >/dev/null)
  tar -xzf "$work"/openclaw-*.tgz -C "$work" package/dist/control-ui
  mkdir -p "$cache"
  rm -rf "$dest"
  mv "$work/package/dist/control-ui" "$dest"
fi
echo "$dest"
