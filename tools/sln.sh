#!/usr/bin/env bash
# tools/sln.sh [--check]
# Makes Veridian.Cosmos.sln list exactly the projects in the tree: every *.csproj that git tracks
# or would track (not ignored, not under bin/ or obj/) is added under its folder, and every entry
# whose project file is gone is removed. A project that sets <VeridianNotInSolution>true</...>
# (built by a test fixture, not by the solution) is left out. Nothing is ever edited by hand: tools/new-program.sh
# calls this, and so can you after adding, moving or deleting a project.
# --check: change nothing; print what is missing or stale and exit 1 if anything is.
set -euo pipefail
cd "$(dirname "$0")/.."
sln=Veridian.Cosmos.sln
check=0
[ "${1:-}" = "--check" ] && check=1
want=$( { git ls-files -- '*.csproj'; git ls-files --others --exclude-standard -- '*.csproj'; } | grep -Ev '(^|/)(bin|obj)/' | while read -r p; do grep -q '<VeridianNotInSolution>true<' "$p" || echo "$p"; done | sort -u)
have=$(grep -E '^Project\(' "$sln" | awk -F'"' '{print $6}' | tr '\\' '/' | grep -E '\.csproj$' | sort -u)
missing=$(comm -23 <(printf '%s\n' "$want") <(printf '%s\n' "$have") | sed '/^$/d')
stale=$(comm -13 <(printf '%s\n' "$want") <(printf '%s\n' "$have") | sed '/^$/d')
if [ $check = 1 ]; then
    [ -z "$missing$stale" ] && exit 0
    [ -n "$missing" ] && printf 'sln: not in %s: %s\n' "$sln" $missing
    [ -n "$stale" ] && printf 'sln: in %s but gone: %s\n' "$sln" $stale
    echo "sln: run tools/sln.sh to bring $sln up to date" >&2
    exit 1
fi
# shellcheck disable=SC2086
[ -z "$stale" ] || dotnet sln "$sln" remove $stale >/dev/null
# shellcheck disable=SC2086
[ -z "$missing" ] || dotnet sln "$sln" add $missing >/dev/null
for p in $missing; do echo "sln: added $p"; done
for p in $stale; do echo "sln: removed $p"; done
exit 0
