#!/usr/bin/env bash
# Installs the system tools the test suite drives for real (Debian packages):
#   poppler-utils  pdftotext reads our PDFs back
#   gnome-keyring dbus dbus-x11 libsecret-tools  a real Secret Service for the keychain test
#   tmux           a real terminal for the interactive-prompt test
#   dovecot-imapd dovecot-lmtpd  a real IMAP server (and its LMTP delivery) for the --otp-imap tests;
#                  the tests start their own throw-away Dovecot from a config in a temporary folder
#   postgresql     the PostgreSQL engine's tests start throw-away clusters with its initdb/pg_ctl
#   zsh fish       `mypage completion zsh|fish` scripts are parse-checked by the shells themselves
# Runs apt-get only for what is missing; needs root (CI) or sudo.
set -euo pipefail
need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v gnome-keyring-daemon >/dev/null 2>&1 || need+=(gnome-keyring)
command -v dbus-run-session >/dev/null 2>&1 || need+=(dbus dbus-x11)
command -v secret-tool >/dev/null 2>&1 || need+=(libsecret-tools)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
[ -x /usr/lib/dovecot/imap ] || need+=(dovecot-imapd)
[ -x /usr/lib/dovecot/lmtp ] || need+=(dovecot-lmtpd)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
command -v zsh >/dev/null 2>&1 || need+=(zsh)
command -v fish >/dev/null 2>&1 || need+=(fish)
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
# Dovecot's postinst starts the system Dovecot on ports 143/993 (where systemd or an init script
# runs). The tests never use it (they start their own on a free loopback port), so stop it and
# keep it from starting at boot: nothing is left listening that the test machine did not ask for.
if [[ " ${need[*]} " == *" dovecot-imapd "* ]]; then
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now dovecot.service dovecot.socket >/dev/null 2>&1 || true
  elif [ -x /etc/init.d/dovecot ]; then
    $SUDO /etc/init.d/dovecot stop >/dev/null 2>&1 || true
    command -v update-rc.d >/dev/null 2>&1 && $SUDO update-rc.d dovecot disable >/dev/null 2>&1 || true
  fi
fi
