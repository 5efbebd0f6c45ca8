#!/usr/bin/env bash
# The layer check fails on a planted forbidden include (an engine including the store; the CLI including an
# engine) and on a pending line that no longer occurs, and passes on the tree as it is.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { "$repo/scripts/check-layers" "$tmp/src" >"$tmp/out" 2>&1; }
fail() { echo "FAIL: $1"; cat "$tmp/out"; exit 1; }

cp -r "$repo/src" "$tmp/src"
check || fail "the tree as it is breaks the rules"

echo '#include "store/store.h"' >>"$tmp/src/match/matcher.cpp"
if check; then fail "an engine including the store passed"; fi
grep -q 'src/match/matcher.cpp:[0-9]* includes "store/store.h"' "$tmp/out" || fail "the break is not named"

rm -rf "$tmp/src" && cp -r "$repo/src" "$tmp/src"
echo '#include "resilience/stress.h"' >>"$tmp/src/cli/main.cpp"
if check; then fail "the CLI including an engine passed"; fi

rm -rf "$tmp/src" && cp -r "$repo/src" "$tmp/src"
echo 'pending cli/main.cpp match/matcher.h' >>"$tmp/src/LAYERS"
if check; then fail "a stale pending line passed"; fi
grep -q "no longer occurs" "$tmp/out" || fail "the stale line is not named"

rm -rf "$tmp/src" && cp -r "$repo/src" "$tmp/src"
mkdir "$tmp/src/newmodule" && echo '#include "core/model.h"' >"$tmp/src/newmodule/x.cpp"
if check; then fail "a module without rules passed"; fi
echo "ok: the layer check fails on each planted break"
