#!/usr/bin/env bash
# Installs the Debian packages Stepwise builds against, when they are missing.
# Idempotent and quiet when everything is already there.
set -euo pipefail

# tmux: the step debugger's pseudo-terminal tests drive a real terminal through it.
packages=(liblua5.4-dev libcurl4-openssl-dev libedit-dev pkg-config tmux)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! command -v swift >/dev/null 2>&1; then
  echo "error: swift is not on PATH (Stepwise needs Swift 6.1 or newer)" >&2
  exit 1
fi
