#!/usr/bin/env bash
# tools/new-program.sh [--no-sln] [--dotnet] NAME
# Creates a new VeridianOS user program Programs/NAME/ from templates/program/ (a project and
# a Main that prints its arguments, on the small runtime and UserLib) or, with --dotnet, from
# templates/dotnet/ (an ordinary .NET console program on the real class library, docs/dotnet.md;
# `dotnet run --project Programs/NAME` runs it on the host), and adds it to Veridian.Cosmos.sln. Then
#   dotnet build Veridian.Cosmos.sln     (or ./run.sh)
# builds it into the ISO, and typing NAME at the shell prompt runs it. If it does not compile,
# the build stops with the compiler's message and the previous ISO is left as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
add_to_sln=1
template=program
while [ $# -gt 0 ]; do
    case "$1" in
        --no-sln) add_to_sln=0; shift ;;   # the boot test's way: nothing else changes
        --dotnet) template=dotnet; shift ;;
        *) break ;;
    esac
done
name=${1:-}
if [ -z "$name" ] || [ $# -ne 1 ]; then
    echo "usage: tools/new-program.sh [--dotnet] NAME   (lower-case letters, digits and '-', starting with a letter)" >&2
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
sed "s/@NAME@/$name/g" templates/$template/NAME.csproj.in > "$dir/$name.csproj"
source_file="$class.cs"
[ $template = dotnet ] && source_file=Program.cs
sed "s/@NAME@/$name/g; s/@CLASS@/$class/g" templates/$template/Program.cs.in > "$dir/$source_file"
# The ISO project picks up Programs/*/*.csproj by wildcard; the solution entry is for IDEs.
if [ $add_to_sln = 1 ]; then
    tools/sln.sh >/dev/null
    echo "new-program: created $dir/$name.csproj and $dir/$source_file, added to Veridian.Cosmos.sln"
else
    echo "new-program: created $dir/$name.csproj and $dir/$source_file"
fi
echo "new-program: build with 'dotnet build Veridian.Cosmos.sln' (or ./run.sh), then type '$name' at the prompt"
