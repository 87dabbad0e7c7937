//! Running a compiled check program: its results come on a connection of their own (a loopback
//! socket named in its arguments, opened with a secret before any learner code runs), so that
//! nothing the learner's code prints can forge or break them; what it prints is kept apart,
//! capped; it reads no input; it and any process it starts end with the check.

use super::{Exercise, Outcome};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How much of what the learner's code prints is kept to show; the rest is only counted.
pub const PRINTED_KEPT: usize = 4000;

/// What the learner's code printed while the checks ran (stdout and stderr together, in the
/// order they came): the first [`PRINTED_KEPT`] bytes, and how many more there were.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Printed {
    pub text: String,
    pub more_bytes: usize,
}

/// The environment variable that makes exercise 10's check the full 10000 iterations (17 lines).
pub const FULL: &str = "BACKPROP_EXERCISE_FULL";

/// The environment variable naming the exercises (comma-separated) that the check program passes
/// without running them.
pub const SKIP: &str = "BACKPROP_EXERCISE_SKIP";

/// Runs the check program `binary`, reading how each check went; a check that runs past its
/// exercise's time is stopped. `skip`: exercises passed without being run (unchanged since).
pub fn run(binary: &Path, all: &[Exercise], full: bool, skip: &[usize]) -> Result<(Vec<(usize, Outcome)>, Printed), String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot open a local socket for the checks: {e}"))?;
    let address = listener.local_addr().map_err(|e| format!("cannot open a local socket for the checks: {e}"))?;
    let secret = secret();
    let mut command = Command::new(binary);
    command.arg(address.to_string()).arg(&secret).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    if full {
        command.env(FULL, "1");
    }
    if !skip.is_empty() {
        command.env(SKIP, skip.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(","));
    }
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command.spawn().map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    // The bytes kept and the count of the rest; made text at the end (a character may be split
    // between two reads).
    let printed = Arc::new(Mutex::new((Vec::new(), 0)));
    let (done_tx, done_rx) = mpsc::channel();
    for pipe in [child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>), child.stderr.take().map(|p| Box::new(p) as _)]
    {
        let (printed, done) = (Arc::clone(&printed), done_tx.clone());
        std::thread::spawn(move || {
            keep_printed(pipe.expect("piped"), &printed);
            let _ = done.send(());
        });
    }
    let received = results(listener, secret);
    let outcomes = follow(&mut child, &received, all, address, if full { 4 } else { 1 });
    end_group(&mut child);
    // Both pipes reach their end once every process of the group has ended.
    for _ in 0..2 {
        let _ = done_rx.recv_timeout(Duration::from_secs(2));
    }
    let (kept, more_bytes) = printed.lock().map(|p| p.clone()).unwrap_or_default();
    Ok((outcomes, Printed { text: String::from_utf8_lossy(&kept).into_owned(), more_bytes }))
}

/// A secret the check program sends first on its connection (std's hasher keys are random).
fn secret() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    format!("{:016x}", hasher.finish())
}

/// Keeps the first bytes of what comes on `pipe`, counting the rest; reads to its end.
fn keep_printed(mut pipe: Box<dyn Read + Send>, printed: &Mutex<(Vec<u8>, usize)>) {
    let mut buf = [0u8; 8192];
    while let Ok(n) = pipe.read(&mut buf) {
        if n == 0 {
            return;
        }
        let Ok(mut printed) = printed.lock() else { return };
        let (kept, more) = &mut *printed;
        let room = PRINTED_KEPT.saturating_sub(kept.len()).min(n);
        kept.extend_from_slice(&buf[..room]);
        *more += n - room;
    }
}

/// The result lines of the one connection that opens with `secret`, as they come.
fn results(listener: TcpListener, secret: String) -> Receiver<String> {
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let mut reader = BufReader::new(stream);
            let mut first = String::new();
            if reader.read_line(&mut first).is_err() || first.trim_end() != secret {
                if first.trim_end() == "end" {
                    return; // the checker's own knock: the program ended without connecting
                }
                continue;
            }
            for line in reader.lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    return;
                }
            }
            return;
        }
    });
    received
}

/// Reads the results as the checks run; stops a check that runs past its time (`times` its
/// exercise's seconds).
fn follow(
    child: &mut Child,
    received: &Receiver<String>,
    all: &[Exercise],
    address: std::net::SocketAddr,
    times: u64,
) -> Vec<(usize, Outcome)> {
    let mut outcomes = Vec::new();
    let (mut current, mut started) = (None, Instant::now());
    let mut failed: Option<(usize, Vec<String>)> = None;
    let mut knocked = false;
    loop {
        let line = match received.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) => {
                let limit = current.map_or(60, |n: usize| all[n].seconds * times);
                if let Some(n) = current.filter(|_| started.elapsed() > Duration::from_secs(limit)) {
                    outcomes.push((n, Outcome::TooSlow(limit)));
                    return outcomes;
                }
                // Ended without connecting (it crashed first): wake the reader, which then ends.
                if !knocked && child.try_wait().is_ok_and(|s| s.is_some()) {
                    knocked = true;
                    let _ = TcpStream::connect(address).and_then(|mut s| s.write_all(b"end\n"));
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let (tag, rest) = line.split_once(' ').unwrap_or((&line, ""));
        let number = || rest.split(' ').next().and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
        let after_number = || rest.split_once(' ').map_or("", |(_, m)| m).to_string();
        match tag {
            "RUN" => (current, started) = (Some(number()), Instant::now()),
            "PASS" => outcomes.push((number(), Outcome::Passed)),
            "TODO" => outcomes.push((number(), Outcome::NotDone)),
            "PANIC" => {
                let (at, message) =
                    after_number().split_once('\t').map(|(a, m)| (a.to_string(), m.to_string())).unwrap_or_default();
                outcomes.push((number(), Outcome::Panicked { at, message }));
            }
            "FAIL" => failed = Some((number(), Vec::new())),
            "WHAT" | "EXPECTED" | "GOT" => {
                if let Some((_, parts)) = failed.as_mut() {
                    parts.push(rest.to_string());
                }
            }
            _ => {}
        }
    }
    let status = child.wait().ok();
    if let Some((n, parts)) = failed {
        let part = |i: usize| parts.get(i).cloned().unwrap_or_default();
        outcomes.push((n, Outcome::Failed { what: part(0), expected: part(1), got: part(2) }));
    } else if let Some(n) = current.filter(|&n| !outcomes.iter().any(|(m, _)| *m == n)) {
        outcomes.push((n, Outcome::Panicked { at: String::new(), message: crashed(status) }));
    }
    outcomes
}

/// What a check program that ended without a word says.
fn crashed(status: Option<std::process::ExitStatus>) -> String {
    #[cfg(unix)]
    if let Some(signal) = status.and_then(|s| std::os::unix::process::ExitStatusExt::signal(&s)) {
        let why = match signal {
            11 | 6 => " (a stack overflow: a function that calls itself without end?)",
            9 => " (killed: out of memory?)",
            _ => "",
        };
        return format!("the check program was ended by signal {signal}{why}");
    }
    match status.and_then(|s| s.code()) {
        Some(code) => format!("the check program ended early with exit code {code} (std::process::exit in your code?)"),
        None => "the check program ended without a word (it crashed)".into(),
    }
}

/// Ends the check program and every process it started (its process group, on Unix).
fn end_group(child: &mut Child) {
    #[cfg(unix)]
    {
        // std has no killpg; the shell's kill takes a group (a `kill` program is not everywhere).
        let group = format!("kill -s KILL -- -{} 2>/dev/null", child.id());
        let _ = Command::new("sh").args(["-c", &group]).stdout(Stdio::null()).stderr(Stdio::null()).status();
    }
    let _ = child.kill();
    let _ = child.wait();
}
