#!/usr/bin/env bash
# Installs the system tools the test suite drives for real (Debian packages):
#   poppler-utils  pdftotext reads our PDFs back
#   gnome-keyring dbus dbus-x11 libsecret-tools  a real Secret Service for the keychain test
#   tmux           a real terminal for the interactive-prompt test
#   postgresql     the PostgreSQL engine's tests start throw-away clusters with its initdb/pg_ctl
# Runs apt-get only for what is missing; needs root (CI) or sudo.
set -euo pipefail
need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v gnome-keyring-daemon >/dev/null 2>&1 || need+=(gnome-keyring)
command -v dbus-run-session >/dev/null 2>&1 || need+=(dbus dbus-x11)
command -v secret-tool >/dev/null 2>&1 || need+=(libsecret-tools)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
[ ${#need[@]} -eq 0 ] && exit 0
echo "setup: installing ${need[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup: need root or sudo to install: ${need[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
