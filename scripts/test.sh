#!/usr/bin/env bash
# The whole test suite (README's second command, and what .ci/run calls):
# system tools → build → typecheck → vitest, inside a D-Bus session with an unlocked
# gnome-keyring so the keychain test talks to a real Secret Service. Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-test-env.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build >/dev/null
npx tsc -p tsconfig.json
mkdir -p .tmp
results=.tmp/vitest-results.json
rm -f "$results"
status=0
# The keyring lives in a throw-away folder: a developer's own login keyring is never touched.
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
dbus-run-session -- bash -c '
  echo -n mypage-test | XDG_DATA_HOME="$1" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  shift
  exec npx vitest run --reporter=default --reporter=json --outputFile.json="$0" "$@"' "$results" "$keyring_home" "$@" \
  2> >(grep -v "Failed to set fd limit" >&2) || status=$?
# One plain closing line for any reader of the log: "N passed, N failed".
if [ -f "$results" ]; then
  node -e 'const r = require(process.argv[1]); console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);' "$PWD/$results"
fi
exit "$status"
