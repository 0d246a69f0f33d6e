#!/usr/bin/env bash
# The whole test suite (README's second command, and what .ci/run calls):
# system tools → build → vitest, inside a D-Bus session with an unlocked gnome-keyring so the
# keychain test talks to a real Secret Service.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-test-env.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build >/dev/null
npx tsc -p tsconfig.json
exec dbus-run-session -- bash -c 'echo -n mypage-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec npx vitest run "$@"' bash "$@"
