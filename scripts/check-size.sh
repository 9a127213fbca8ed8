#!/usr/bin/env bash
# scripts/check-size.sh — small modules: no production .rs file over 800 lines (test modules,
# integration tests and benches excluded). Functions over 100 lines are caught by clippy's
# too_many_lines (workspace lint).
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
limit=800
status=0
while IFS= read -r f; do
  n=$(wc -l <"$f")
  if (( n > limit )); then
    echo "error: $f has $n lines (limit $limit)" >&2
    status=1
  fi
done < <(git ls-files '*.rs' | grep -Ev '(^|/)(tests|benches|examples)/|(^|/)tests?(_[a-z_]+)?\.rs$|(^|/)[a-z_]+_tests\.rs$|/props\.rs$|/testkit\.rs$')
[[ $status == 0 ]] && echo "every production .rs file is at most $limit lines"
exit $status
