#!/usr/bin/env bash
# The whole test suite (README's second command, and what .ci/run calls):
# system tools → build (JavaScript) → vitest, with the typecheck running beside the tests (its
# verdict is printed at the end; the same compiler run emits the packages' declarations, which
# test/packages.test.ts waits for); vitest runs inside a D-Bus
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
typecheck_pid=""
# never leave it running when the script stops early
trap '[ -z "$typecheck_pid" ] || kill "$typecheck_pid" 2>/dev/null || true' EXIT
if [ $# -eq 0 ]; then
  # The JavaScript (tsup), and beside it and the tests the typecheck of the whole repository: one
  # compiler run (one thread) that also emits the packages' declarations into dist/types/ once tsup
  # is done (tsup empties dist/) — what `npm run build` makes with a second compiler run over the
  # packages alone. test/packages.test.ts (which packs the packages as a release would) and
  # test/sdk-docs.test.ts wait for it through MYPAGE_TYPES_STATUS; a type error fails the run.
  rm -f .tmp/typecheck.status
  node_modules/.bin/tsup >.tmp/build.log 2>&1 &
  build_pid=$!
  node scripts/build-types.js -p tsconfig.json --after "$build_pid" --status .tmp/typecheck.status >.tmp/typecheck.log 2>&1 &
  typecheck_pid=$!
  wait "$build_pid" || { cat .tmp/build.log >&2; exit 1; }
  export MYPAGE_TYPES_STATUS="$PWD/.tmp/typecheck.status"
elif [ "$needs_build" = 1 ]; then
  # JavaScript and declarations, as a release has them
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
  if wait "$typecheck_pid"; then echo "typecheck (tsc): no errors"; else
    echo "typecheck (tsc) failed:" >&2; cat .tmp/typecheck.log >&2; status=1
  fi
  typecheck_pid=""
fi
# One plain closing line for any reader of the log: "N passed, N failed".
if [ -f "$results" ]; then
  node -e 'const r = require(process.argv[1]); console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);' "$PWD/$results"
fi
exit "$status"
