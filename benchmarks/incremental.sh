#!/bin/bash
# Incremental builds of the 100-act synthetic corpus with `normbase build` (one fresh process
# each): a full build, a rebuild with no change, one order's publication date set, one order
# added (a copy of another with a new number and later dates), no change again.
#   bash benchmarks/incremental.sh [REPO] [WORK]      (run benchmarks/run.py --sizes 100 first)
set -e
SRC=$(cd "${1:-$(dirname "$0")/..}" && pwd); BENCH=${2:-/tmp/normbase-bench}; W=$BENCH/incremental
rm -rf $W; mkdir -p $W
cp -r $BENCH/synthetic-100/corpus $BENCH/synthetic-100/amendments $W/; cp -r $SRC/site $W/
run() {
  local t0=$EPOCHREALTIME
  PYTHONPATH=$SRC/src python -m normbase --root $W build > $W/last.log 2>&1 || { tail -3 $W/last.log; exit 1; }
  echo "$1: $(awk -v a=$t0 -v b=$EPOCHREALTIME 'BEGIN {printf "%.2f", b - a}') s — $(grep -E '^rebuilt|^nothing' $W/last.log)"
}
run "full build"
run "no change"
sed -i 's/^published = "unknown"$/published = 2006-02-15/' $W/amendments/1001-2006/meta.toml
run "one order's publication date set"
cp -r $W/amendments/1001-2006 $W/amendments/9999-2006
sed -i -e 's/^id = "1001-2006"/id = "9999-2006"/' -e 's/^number = "1001"/number = "9999"/' -e 's/^signed = 2006-01-16/signed = 2006-11-16/' -e 's/^registered = 2006-02-10/registered = 2006-12-10/' -e 's/^registration_number = "5901"/registration_number = "9901"/' -e 's/^published = 2006-02-15/published = 2006-12-20/' $W/amendments/9999-2006/meta.toml
run "one order added"
run "no change"
