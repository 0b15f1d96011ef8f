#!/bin/sh
# Fills fuzz/corpus/<target>/ with the repository's scenario files and briefings
# (and those of any folders given as arguments), plus the seeds in fuzz/seeds/.
# The corpus is generated, not committed; run this once before the first run.
set -eu
cd "$(dirname "$0")"
repo=..
mkdir -p corpus/scenario corpus/briefing

copy() { # copy FILE TARGET: named by content, so running it again adds nothing
    sum=$(cksum < "$1" | cut -d' ' -f1)
    cp "$1" "corpus/$2/seed-$sum"
}

find "$repo/scenarios" "$repo/tests/fixtures" seeds/scenario -name '*.toml' -type f |
    while read -r f; do copy "$f" scenario; done
find "$repo/tests/fixtures/import" seeds/briefing -name '*.md' -type f |
    while read -r f; do copy "$f" briefing; done
for dir in "$@"; do
    find "$dir" -name '*.toml' -type f | while read -r f; do copy "$f" scenario; done
    find "$dir" -name '*.md' -type f | while read -r f; do copy "$f" briefing; done
done
echo "seeded: $(ls corpus/scenario | wc -l) scenario, $(ls corpus/briefing | wc -l) briefing inputs"
