#!/usr/bin/env bash
# The whole test suite (README's second command, and what .ci/run calls):
# system tools → build (JavaScript and declarations) → vitest, with the typecheck running beside
# them (its verdict is printed at the end); vitest runs inside a D-Bus
# session with an unlocked gnome-keyring so the keychain test talks to a real Secret Service.
#
# Extra arguments go to vitest: `npm test -- packages/cli/src/commands/bills/show.test.ts` runs
# that file (and skips the typecheck; it builds only when the selection may reach test/, whose
# end-to-end tests run the built bin/ files).
set -euo pipefail
cd "$(dirname "$0")/.."
# A log that goes to a file or a pipe stays plain text: vitest colours whenever TERM is set.
if [ ! -t 1 ]; then export NO_COLOR=1; fi
bash scripts/setup-test-env.sh
[ -d node_modules ] || npm ci --no-audit --no-fund

# Only unit-test files (beside the code) selected: no build needed.
needs_build=1
if [ $# -gt 0 ]; then
  needs_build=0
  for a in "$@"; do
    case "$a" in
      -*) ;;
      packages/*|./packages/*|mock-server/*|./mock-server/*) ;;
      *) needs_build=1 ;;
    esac
  done
fi

mkdir -p .tmp
status=0
# The typecheck (one thread) runs beside the build and the tests instead of before them: on a
# 2-core machine it would otherwise leave a core idle for half a minute. Its verdict is read at
# the end, and a type error fails the run as before.
typecheck_pid=""
if [ $# -eq 0 ]; then
  node_modules/.bin/tsc -p tsconfig.json --noEmit >.tmp/typecheck.log 2>&1 &
  typecheck_pid=$!
fi
# never leave it running when the script stops early
trap '[ -z "$typecheck_pid" ] || kill "$typecheck_pid" 2>/dev/null || true' EXIT
if [ "$needs_build" = 1 ]; then
  # With the declarations: test/packages.test.ts packs the packages and typechecks an app against
  # them, so the tarballs must hold what a release would.
  npm run --silent build >.tmp/build.log 2>&1 || { cat .tmp/build.log >&2; exit 1; }
fi

results=.tmp/vitest-results.json
rm -f "$results"
# The keyring lives in a throw-away folder: a developer's own login keyring is never touched.
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"; [ -z "$typecheck_pid" ] || kill "$typecheck_pid" 2>/dev/null || true' EXIT
dbus-run-session -- bash -c '
  echo -n mypage-test | XDG_DATA_HOME="$1" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  shift
  exec npx vitest run --reporter=default --reporter=json --outputFile.json="$0" "$@"' "$results" "$keyring_home" "$@" \
  2> >(grep -v "Failed to set fd limit" >&2) || status=$?
if [ -n "$typecheck_pid" ]; then
  if wait "$typecheck_pid"; then echo "typecheck (tsc --noEmit): no errors"; else
    echo "typecheck (tsc --noEmit) failed:" >&2; cat .tmp/typecheck.log >&2; status=1
  fi
  typecheck_pid=""
fi
# One plain closing line for any reader of the log: "N passed, N failed".
if [ -f "$results" ]; then
  node -e 'const r = require(process.argv[1]); console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);' "$PWD/$results"
fi
exit "$status"
