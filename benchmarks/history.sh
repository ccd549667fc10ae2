#!/bin/bash
# What each optimisation bought: the in-process suite on restkit as it was at past
# commits, with today's harness and peers, one run per commit.
#
#   bash benchmarks/history.sh OUTPUT_FOLDER COMMIT...
#
# Each commit's restkit package and its own benchmarks/apps/restkit_app.py (the
# app as it was written then) are exported into OUTPUT_FOLDER/<commit>/, beside a
# copy of today's benchmarks/; the suite runs from there, so that restkit is the one
# imported. Results: OUTPUT_FOLDER/<commit>.json and .md (--report prints them).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
python=${BENCH_PYTHON:-$root/.venv-bench/bin/python}
output=$(realpath -m "$1")
shift
mkdir -p "$output"
for commit in "$@"; do
  checkout="$output/$commit"
  rm -rf "$checkout"
  mkdir -p "$checkout"
  git -C "$root" archive "$commit" restkit | tar -x -C "$checkout"
  cp -r "$root/benchmarks" "$checkout/"
  rm -rf "$checkout/benchmarks/results"
  git -C "$root" show "$commit:benchmarks/apps/restkit_app.py" \
    > "$checkout/benchmarks/apps/restkit_app.py"
  (cd "$checkout" && "$python" -m benchmarks --inprocess --only restkit,apiflask,fastapi \
    --output "$output/$commit.json" > "$output/$commit.md")
  echo "$commit: $output/$commit.md" >&2
done
