#!/usr/bin/env bash
# The README's two commands, as a newcomer runs them: a fresh clone of this repository's HEAD in a
# private temporary folder (as `mktemp -d` makes it), no Playwright browser cache, no Nx cache,
# then `npm install && npm test`. Exits non-zero when either fails; prints how long each took.
# Slow (a whole install and test run): `npm run check:fresh-clone`, not part of `npm test`.
set -euo pipefail
repo="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

git clone --quiet "$repo" "$work/clone"
mkdir "$work/no-browsers"
cd "$work/clone"
echo "fresh clone of $(git rev-parse --short HEAD) in $work/clone (mode $(stat -c %a "$work")), PLAYWRIGHT_BROWSERS_PATH empty"

export PLAYWRIGHT_BROWSERS_PATH="$work/no-browsers"
export NX_SKIP_NX_CACHE=true NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NEXT_TELEMETRY_DISABLED=1
export CI=true

t0=$(date +%s)
npm install --no-audit --no-fund
t1=$(date +%s)
npm test
t2=$(date +%s)
echo "fresh clone passed: npm install $(( t1 - t0 ))s, npm test $(( t2 - t1 ))s"
