#!/usr/bin/env bash
# tools/new-program.sh [--no-sln] NAME
# Creates a new VeridianOS user program Programs/NAME/ from templates/program/ (a project and
# a Main that prints its arguments) and adds it to Veridian.Cosmos.sln. Then
#   dotnet build Veridian.Cosmos.sln     (or ./run.sh)
# builds it into the ISO, and typing NAME at the shell prompt runs it. If it does not compile,
# the build stops with the compiler's message and the previous ISO is left as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
add_to_sln=1
if [ "${1:-}" = "--no-sln" ]; then add_to_sln=0; shift; fi   # the boot test's way: nothing else changes
name=${1:-}
if [ -z "$name" ] || [ $# -ne 1 ]; then
    echo "usage: tools/new-program.sh NAME   (lower-case letters, digits and '-', starting with a letter)" >&2
    exit 2
fi
if ! [[ "$name" =~ ^[a-z][a-z0-9-]{0,31}$ ]]; then
    echo "new-program: '$name' is not a good program name: lower-case letters, digits and '-', starting with a letter, at most 32 characters" >&2
    exit 2
fi
case "$name" in
    help|ls|ps|caps|mem|uptime|date|sleep|echo|clear|exit|shutdown|reboot|jobs|wait|history|run)
        echo "new-program: '$name' is a shell builtin; the shell would run the builtin (run $name would still work). Pick another name." >&2
        exit 2 ;;
    init|files|shell|test-*)
        echo "new-program: '$name' is reserved for the system" >&2
        exit 2 ;;
esac
dir="Programs/$name"
if [ -e "$dir" ] || [ -e "iso/files/$name" ]; then
    echo "new-program: $dir (or a file named $name) already exists" >&2
    exit 1
fi
# The C# class: the name in PascalCase without dashes (my-tool -> MyTool).
class=$(echo "$name" | awk -F- '{ for (i = 1; i <= NF; i++) printf "%s", toupper(substr($i, 1, 1)) substr($i, 2) }')
[[ "$class" =~ ^[A-Za-z] ]] || class="P$class"
mkdir -p "$dir"
sed "s/@NAME@/$name/g" templates/program/NAME.csproj.in > "$dir/$name.csproj"
sed "s/@NAME@/$name/g; s/@CLASS@/$class/g" templates/program/Program.cs.in > "$dir/$class.cs"
# The ISO project picks up Programs/*/*.csproj by wildcard; the solution entry is for IDEs.
if [ $add_to_sln = 1 ]; then
    dotnet sln Veridian.Cosmos.sln add "$dir/$name.csproj" >/dev/null
    echo "new-program: created $dir/$name.csproj and $dir/$class.cs, added to Veridian.Cosmos.sln"
else
    echo "new-program: created $dir/$name.csproj and $dir/$class.cs"
fi
echo "new-program: build with 'dotnet build Veridian.Cosmos.sln' (or ./run.sh), then type '$name' at the prompt"
