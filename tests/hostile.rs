//! What a hostile but fair new user tried, each now a test (the comment on each names the
//! failure it guards against): no input, flag, file or closed pipe makes a binary
//! panic, abort or lose a file the user had; each gets one `error:` line, a `hint:` and exit 2.

mod common;
use common::exe;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs a binary of this crate.
fn run(bin: &str, args: &[&str]) -> (Output, String) {
    let out = common::command(bin).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stderr)
}

/// Exit 2, the first line `error: {start}…`, then a `hint:`, and nothing that looks like a panic.
#[track_caller]
fn assert_refused(bin: &str, args: &[&str], start: &str) {
    let (out, stderr) = run(bin, args);
    assert_eq!(out.status.code(), Some(2), "{bin} {args:?}: {stderr}");
    let first = stderr.lines().next().unwrap_or("");
    assert!(first.starts_with(&format!("error: {start}")), "{bin} {args:?}: {first}");
    assert!(stderr.lines().nth(1).unwrap_or("").starts_with("hint: "), "{bin} {args:?}: {stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace") && !stderr.contains("memory allocation"), "{stderr}");
    // Refused before any work: no accuracy line was printed (training had not started).
    assert!(!String::from_utf8_lossy(&out.stdout).contains("train acc"), "{bin} {args:?}: refused only after training");
}

/// Runs the binary with its output going into a pipe that nobody reads: closed before the
/// binary writes anything, as `| head -0` or a reader gone early does. (Reading one line first
/// raced: the binary could write the rest into the pipe's buffer before it was closed.)
fn output_to_a_closed_pipe(bin: &str, args: &[&str]) -> (Option<i32>, String) {
    let mut child = common::command(bin).args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take()); // the only reading end: closed now
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_closed_pipe_stops_quietly_and_writes_no_partial_file() {
    // The failure this guards against: `make train | head -1` panicked with "failed printing to stdout: Broken pipe".
    if common::mnist("a_closed_pipe_stops_quietly").is_none() {
        return;
    }
    let dir = common::temp_dir("hostile-pipe");
    let out = dir.join("run");
    let (status, stderr) =
        output_to_a_closed_pipe("train", &["--iters-num", "1000", "--limit", "2000", "--out", out.to_str().unwrap()]);
    assert_eq!(status, Some(141), "as a Unix tool stopped by SIGPIPE: {stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("error"), "{stderr}");
    // The folder was checked (so it exists) but holds nothing: no partial file, no temporary one,
    // and no lock once train's helper, which outlives it by a moment, has given it up.
    let start = std::time::Instant::now();
    while std::fs::read_dir(&out).map(|d| d.count()).unwrap_or(0) > 0 && start.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let left: Vec<_> = std::fs::read_dir(&out).into_iter().flatten().flatten().map(|e| e.file_name()).collect();
    assert!(left.is_empty(), "{left:?}");
    // The same for predict --mistakes and trace.
    assert!(run("train", &["--iters-num", "50", "--limit", "2000", "--out", out.to_str().unwrap()]).0.status.success());
    let model = out.join("model.bin");
    let (status, stderr) = output_to_a_closed_pipe(
        "predict",
        &["--model", model.to_str().unwrap(), "--mistakes", "20", "--out", dir.to_str().unwrap()],
    );
    assert_eq!(status, Some(141), "{stderr}");
    assert!(!dir.join("mistakes.svg").exists());
    let (status, stderr) = output_to_a_closed_pipe("trace", &[]);
    assert_eq!(status, Some(141), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sizes_that_cannot_fit_are_refused_before_anything_is_allocated() {
    // The failure this guards against: "capacity overflow" panics and "memory allocation of 62720000000 bytes failed".
    assert_refused(
        "train",
        &["--iters-num", "50", "--limit", "2000", "--hidden-size", "4611686018427387904"],
        "--hidden-size: hidden_size is too large",
    );
    assert_refused(
        "train",
        &["--hidden-size", "10000000"],
        "--hidden-size: hidden_size is too large: hidden_size 10000000 with batch_size 100 needs about",
    );
    assert_refused("train", &["--batch-size", "100000000000"], "--batch-size: batch_size is too large");
    assert_refused("gradcheck", &["--hidden-size", "10000000"], "--hidden-size: hidden_size is too large");
    assert_refused("trace", &["--hidden-size", "10000000"], "--hidden-size: hidden_size is too large");
    assert_refused("trace", &["--batch-size", "100000000000"], "--batch-size: batch_size is too large");
    let (_, stderr) = run("train", &["--hidden-size", "10000000"]);
    assert!(stderr.contains("hint: the largest hidden_size that fits with batch_size 100 is "), "{stderr}");
    // The failures this guards against: `--iters-num 1000000000000` aborted allocating 64 TB for
    // the disk-space probe (leaving it behind); 2^58 and 2^64 - 1 wrapped the size estimate and
    // trained until killed.
    let out = common::temp_dir("hostile-iters");
    for iters in ["1000000000000", "288230376151711744", "18446744073709551615"] {
        assert_refused("train", &["--iters-num", iters, "--out", out.to_str().unwrap()], "--iters-num: iters_num is too large");
    }
    assert_eq!(std::fs::read_dir(&out).map(|d| d.count()).unwrap_or(0), 0, "refused before any file, probe or not");
    let _ = std::fs::remove_dir_all(&out);
    if common::mnist("gradcheck --batch-size 60001").is_some() {
        // The failure this guards against: a panic in slice_rows.
        assert_refused("gradcheck", &["--batch-size", "60001"], "--batch-size 60001: there are only 60000 training images");
    }
}

/// An MNIST folder whose four files are well-formed but hold no images.
fn empty_mnist(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for (name, magic, dims) in [
        ("train-images-idx3-ubyte", 2051u32, true),
        ("t10k-images-idx3-ubyte", 2051, true),
        ("train-labels-idx1-ubyte", 2049, false),
        ("t10k-labels-idx1-ubyte", 2049, false),
    ] {
        let mut bytes = magic.to_be_bytes().to_vec();
        bytes.extend_from_slice(&0u32.to_be_bytes());
        if dims {
            bytes.extend_from_slice(&28u32.to_be_bytes());
            bytes.extend_from_slice(&28u32.to_be_bytes());
        }
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

#[test]
fn mnist_files_without_images_are_refused_by_every_binary() {
    // The failure this guards against: train and bench panicked in Rng::below(0), gradcheck panicked, predict --index 0
    // said "past the last test image (18446744073709551615)", --mistakes said "accuracy NaN".
    let dir = common::temp_dir("hostile-empty-mnist");
    empty_mnist(&dir);
    let data = dir.to_str().unwrap();
    let message = format!("{}: the file is well-formed but holds no images", dir.join("train-images-idx3-ubyte").display());
    for (bin, args) in [
        ("train", vec!["--iters-num", "5"]),
        ("gradcheck", vec![]),
        ("trace", vec![]),
        ("bench", vec!["--runs", "1"]),
        ("graphs", vec!["--out", data]),
    ] {
        let mut all = args.clone();
        all.extend(["--data", data]);
        assert_refused(bin, &all, &message);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn nothing_the_user_had_is_replaced_or_deleted() {
    if common::mnist("nothing_the_user_had_is_replaced").is_none() {
        return;
    }
    let dir = common::temp_dir("hostile-files");
    let mine = dir.join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    // The failure this guards against: the temporary file was the target with its extension changed, model.tmp-partial,
    // deleted if the user had one.
    std::fs::write(mine.join("model.tmp-partial"), b"my notes").unwrap();
    let quick = ["--iters-num", "20", "--limit", "1000"];
    let out = mine.to_str().unwrap();
    let (first, stderr) = run("train", &[&quick[..], &["--out", out]].concat());
    assert!(first.status.success(), "{stderr}");
    assert_eq!(std::fs::read(mine.join("model.tmp-partial")).unwrap(), b"my notes");
    // The failure this guards against: an --out folder named by the user had its files replaced without --overwrite.
    let before = std::fs::read(mine.join("model.bin")).unwrap();
    assert_refused(
        "train",
        &[&quick[..], &["--out", out, "--seed", "7"]].concat(),
        &format!("{}: already exists", mine.join("history.csv").display()),
    );
    assert_eq!(std::fs::read(mine.join("model.bin")).unwrap(), before);
    assert!(run("train", &[&quick[..], &["--out", out, "--seed", "7", "--overwrite"]].concat()).0.status.success());
    assert_ne!(std::fs::read(mine.join("model.bin")).unwrap(), before);
    // No temporary file is left behind.
    let left: Vec<String> =
        std::fs::read_dir(&mine).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(left.iter().all(|n| !n.ends_with(".partial")), "{left:?}");
    // The failure this guards against: predict --mistakes replaced the user's own mistakes.svg.
    std::fs::write(mine.join("mistakes.svg"), b"my picture").unwrap();
    let model = mine.join("model.bin");
    assert_refused(
        "predict",
        &["--model", model.to_str().unwrap(), "--mistakes", "3"],
        &format!("{}: already exists", mine.join("mistakes.svg").display()),
    );
    assert_eq!(std::fs::read(mine.join("mistakes.svg")).unwrap(), b"my picture");
    // The failure this guards against: `--out ''` wrote history.csv, epochs.csv, curves.svg and model.bin into the current folder.
    assert_refused("train", &[&quick[..], &["--out", ""]].concat(), "--out needs a value, not an empty one");
    // The failure this guards against: `--save --overwrite` saved into a file named "--overwrite".
    assert_refused(
        "train",
        &[&quick[..], &["--save", "--overwrite"]].concat(),
        "--save needs a value, but the next argument is the flag --overwrite",
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn output_problems_are_found_before_training() {
    // The failure this guards against: each of these trained for the whole run and then failed.
    let dir = common::temp_dir("hostile-outputs");
    let file = dir.join("a-file");
    std::fs::write(&file, b"x").unwrap();
    assert_refused("train", &["--out", file.to_str().unwrap()], &format!("--out: {}: is a file, not a folder", file.display()));
    assert_refused(
        "train",
        &["--save", dir.to_str().unwrap(), "--out", dir.join("o").to_str().unwrap()],
        &format!("{}: is a folder, not a file", dir.display()),
    );
    let own = dir.join("o").join("history.csv");
    assert_refused(
        "train",
        &["--save", own.to_str().unwrap(), "--out", dir.join("o").to_str().unwrap()],
        &format!("--save {}: is one of this run's own outputs", own.display()),
    );

    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn misleading_messages_now_say_what_is_wrong() {
    // The failure this guards against: "unknown argument" for a repeated flag.
    assert_refused("train", &["--iters-num", "5", "--iters-num", "6"], "--iters-num is given twice");
    // The failure this guards against: `train --data --iters-num 50 --limit 2000` blamed "2000".
    assert_refused(
        "train",
        &["--data", "--iters-num", "50", "--limit", "2000"],
        "--data needs a value, but the next argument is the flag --iters-num",
    );
    // The failure this guards against: `error: : file not found`.
    assert_refused("predict", &["--model", "", "--index", "0"], "--model needs a value, not an empty one");
    // The failure this guards against: --weight-init-std nan, inf and 1e300 were accepted; trace --learning-rate nan printed NaN and exited 0.
    for std in ["nan", "inf", "1e300", "-1"] {
        assert_refused(
            "train",
            &["--weight-init-std", std],
            "--weight-init-std: weight_init_std must be a positive number up to 1000.0",
        );
    }
    assert_refused("trace", &["--learning-rate", "nan"], "--learning-rate: learning_rate must be a positive number, not NaN");
    assert_refused("train", &["--numerical=yes"], "--numerical takes no value");
    assert_refused("train", &["--seed", "-1"], "--seed: seed -1 is not between 0 and 2**32 - 1");
    // The failure this guards against: `apples --help` was an error.
    let (out, _) = run("apples", &["--help"]);
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).starts_with("apples [--out DIR"));
}

#[test]
fn a_pgm_with_a_sample_that_is_not_a_number_says_so() {
    // The failure this guards against: "the image should have 784 pixels but has 0".
    use backprop::lab::pgm::parse_pgm;
    assert_eq!(parse_pgm(b"P2 2 1 255 -5 3").unwrap_err().to_string(), "pixel 0 is \"-5\", not a whole number from 0 to 255");
    assert_eq!(parse_pgm(b"P2 2 1 255 3 0.5").unwrap_err().to_string(), "pixel 1 is \"0.5\", not a whole number from 0 to 255");
    assert_eq!(
        parse_pgm(b"P2 2 1 255 3 99999999999999999999999").unwrap_err().to_string(),
        "pixel 1 is \"99999999999999999999999\", not a whole number from 0 to 255"
    );
    assert_eq!(parse_pgm(b"P2 1 1 15 16").unwrap_err().to_string(), "pixel 0 is 16, above the maxval 15");
    // A header claiming 60000x60000 is refused from the header, before any pixel is read.
    assert_eq!(
        parse_pgm(b"P5 60000 60000 255\n").unwrap_err().to_string(),
        "the image is 60000x60000 pixels; sides from 1 to 4096 are accepted"
    );
}

#[test]
fn a_model_with_flipped_bytes_is_refused() {
    // The failure this guards against: it loaded silently and predicted differently.
    let dir = common::temp_dir("hostile-model");
    let path = dir.join("model.bin");
    backprop::TwoLayerNet::new(784, 50, 10, 0.01, &mut backprop::Rng::new(1)).save_params(&path, false).unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[5000] ^= 0x01;
    std::fs::write(&path, bytes).unwrap();
    assert_refused(
        "predict",
        &["--model", path.to_str().unwrap(), "--index", "0"],
        &format!("{}: the checksum does not match: the file is damaged", path.display()),
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn special_files_and_links_are_never_replaced() {
    // The failure this guards against: `train --save /dev/null --overwrite` (as root) turned
    // /dev/null into a regular file; a dangling link was replaced without --overwrite.
    let dir = common::temp_dir("hostile-special");
    let quick = ["--iters-num", "1", "--limit", "100"];
    let out = dir.join("run");
    let out = out.to_str().unwrap();
    assert_refused(
        "train",
        &[&quick[..], &["--out", out, "--save", "/dev/null", "--overwrite"]].concat(),
        "/dev/null: is not a regular file; it is never replaced, --overwrite or not",
    );
    assert!(std::fs::metadata("/dev/null").is_ok_and(|m| !m.is_file()), "/dev/null is still a device");
    let fifo = dir.join("pipe");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let args = [&quick[..], &["--out", out, "--save", fifo.to_str().unwrap(), "--overwrite"]].concat();
    assert_refused("train", &args, &format!("{}: is not a regular file", fifo.display()));
    let link = dir.join("dangling.bin");
    common::symlink(dir.join("nowhere"), &link).unwrap();
    for overwrite in [&[][..], &["--overwrite"][..]] {
        let args = [&quick[..], &["--out", out, "--save", link.to_str().unwrap()], overwrite].concat();
        assert_refused("train", &args, &format!("{}: is a symbolic link; it is never replaced", link.display()));
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is still a link");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_set_of_outputs_that_cannot_all_be_put_in_place_leaves_the_previous_set() {
    use backprop::lab::output::Outputs;
    // The failure this guards against: a rename that failed half way left three of four new
    // files beside an old one.
    let dir = common::temp_dir("hostile-commit");
    let (a, b, c) = (dir.join("a.csv"), dir.join("b.csv"), dir.join("c.csv"));
    std::fs::write(&a, "old a").unwrap();
    std::fs::write(&b, "old b").unwrap();
    let mut outputs = Outputs::new();
    outputs.write(&a, b"new a").unwrap();
    outputs.write(&b, b"new b").unwrap();
    outputs.write(&c, b"new c").unwrap();
    // c's place becomes a non-empty folder after the checks: its rename must fail.
    std::fs::create_dir_all(c.join("in-the-way")).unwrap();
    let error = outputs.commit().unwrap_err();
    assert!(error.to_string().ends_with("c.csv: is no longer a regular file; it is never replaced"), "{error}");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
    assert_eq!(std::fs::read_to_string(&b).unwrap(), "old b");
    let mut left: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, ["a.csv", "b.csv", "c.csv"], "no temporary and no set-aside file is left");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A small trained model in its own folder, for the tests below.
fn small_model(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("model");
    let (output, stderr) = run("train", &["--iters-num", "100", "--limit", "2000", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{stderr}");
    out.join("model.bin")
}

#[test]
fn devices_pipes_and_huge_files_are_refused_from_what_they_are_before_they_are_read() {
    // The failure this guards against: `predict --model /dev/zero` reached 3.6 GB, `--image
    // /dev/zero` 7.5 GB, a FIFO blocked for ever, a label file linked to /dev/zero took train to
    // 8.5 GB, and a 3 GB model with a valid header was read whole.
    if common::mnist("devices_pipes_and_huge_files_are_refused").is_none() {
        return;
    }
    let dir = common::temp_dir("hostile-inputs");
    let model = small_model(&dir);
    let model = model.to_str().unwrap();
    let fifo = dir.join("pipe");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let fifo = fifo.to_str().unwrap();
    assert_refused("predict", &["--model", "/dev/zero", "--index", "0"], "/dev/zero: is not a regular file");
    assert_refused("predict", &["--model", fifo, "--index", "0"], &format!("{fifo}: is not a regular file"));
    assert_refused("predict", &["--model", model, "--image", "/dev/zero"], "/dev/zero: is not a regular file");
    assert_refused("predict", &["--model", model, "--image", fifo], &format!("{fifo}: is not a regular file"));
    // Sparse files: 4 GB on the size, nothing on the disk.
    let big_pgm = dir.join("big.pgm");
    std::fs::write(&big_pgm, b"P5 28 28 255\n").unwrap();
    std::fs::OpenOptions::new().write(true).open(&big_pgm).unwrap().set_len(4 << 30).unwrap();
    let (_, stderr) = run("predict", &["--model", model, "--image", big_pgm.to_str().unwrap()]);
    assert!(stderr.contains("is 4294967296 bytes, more than a PGM image can be"), "{stderr}");
    let big_model = dir.join("big.bin");
    std::fs::copy(model, &big_model).unwrap();
    std::fs::OpenOptions::new().write(true).open(&big_model).unwrap().set_len(3 << 30).unwrap();
    let (_, stderr) = run("predict", &["--model", big_model.to_str().unwrap(), "--index", "0"]);
    assert!(stderr.contains("the file is 3221225472 bytes but a 784-50-10 network takes 318112 bytes"), "{stderr}");
    // A data folder whose label file is a link to /dev/zero.
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for name in ["train-images-idx3-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"] {
        common::symlink(backprop::lab::settings::data_dir().join(name), data.join(name)).unwrap();
    }
    common::symlink("/dev/zero", data.join("train-labels-idx1-ubyte")).unwrap();
    assert_refused(
        "train",
        &["--data", data.to_str().unwrap()],
        &format!("{}: is not a regular file", data.join("train-labels-idx1-ubyte").display()),
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_uniform_page_is_blank_and_a_network_whose_scores_overflow_is_refused() {
    // The failure this guards against: a page of one grey (every pixel 127) was "predicted: 2";
    // a version-1 model with weights of 1e308 predicted 0 with NaN probabilities.
    if common::mnist("a_uniform_page_is_blank").is_none() {
        return;
    }
    let dir = common::temp_dir("hostile-blank");
    let model = small_model(&dir);
    let grey = dir.join("grey.pgm");
    let mut pgm = b"P2 28 28 255\n".to_vec();
    pgm.extend(std::iter::repeat_n(&b"127 "[..], 28 * 28).flatten());
    std::fs::write(&grey, pgm).unwrap();
    assert_refused(
        "predict",
        &["--model", model.to_str().unwrap(), "--image", grey.to_str().unwrap()],
        &format!("{}: the image is blank", grey.display()),
    );
    // Version 1 (no checksum): magic, version, sizes, then the parameters, all 1e308.
    let mut v1 = b"DLFS5NET".to_vec();
    for word in [1u32, 784, 50, 10] {
        v1.extend(word.to_le_bytes());
    }
    for _ in 0..(784 * 50 + 50 + 50 * 10 + 10) {
        v1.extend(1e308f64.to_le_bytes());
    }
    let huge = dir.join("huge.bin");
    std::fs::write(&huge, v1).unwrap();
    assert_refused(
        "predict",
        &["--model", huge.to_str().unwrap(), "--index", "0"],
        &format!("{}: its weights are so large that its scores overflow", huge.display()),
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn answers_that_misled_now_say_what_is_wrong() {
    if common::mnist("answers_that_misled").is_none() {
        return;
    }
    // Blamed --hidden-size ("the largest hidden_size that fits … is 0") for a batch that cannot fit.
    assert_refused("train", &["--batch-size", "10000000", "--hidden-size", "1000"], "--batch-size: batch_size is too large");
    // 1e308 printed with its 300 digits; `trace --learning-rate 1e308` ended "loss -> NaN" with exit 0.
    let (out, stderr) = run("trace", &["--learning-rate", "1e308"]);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("error: the loss became NaN after the update: learning rate 1e308 is far too large"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("params[key] -= 1e308 * grads[key]"));
    // `train --learning-rate 10` ended at a test accuracy of 0.15, exit 0, and no word.
    let dir = common::temp_dir("hostile-misled");
    let (out, stderr) = run("train", &["--iters-num", "300", "--learning-rate", "10", "--out", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("the learning rate 10.0 may be too large (the notes use 0.1)"), "{stderr}");
    // `--model -h` printed the usage instead of looking for the file "-h".
    let (_, stderr) = run("predict", &["--model", "-h", "--index", "0"]);
    assert!(stderr.starts_with("error: -h: file not found"), "{stderr}");
    // The --index hint said "0 to 9999" for a test set of one image.
    let model = small_model(&dir);
    let one = dir.join("one");
    std::fs::create_dir_all(&one).unwrap();
    for name in ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"] {
        common::symlink(backprop::lab::settings::data_dir().join(name), one.join(name)).unwrap();
    }
    let images = std::fs::read(backprop::lab::settings::data_dir().join("t10k-images-idx3-ubyte")).unwrap();
    let mut first = images[..16 + 784].to_vec();
    first[4..8].copy_from_slice(&1u32.to_be_bytes());
    std::fs::write(one.join("t10k-images-idx3-ubyte"), first).unwrap();
    let labels = std::fs::read(backprop::lab::settings::data_dir().join("t10k-labels-idx1-ubyte")).unwrap();
    let mut label = labels[..9].to_vec();
    label[4..8].copy_from_slice(&1u32.to_be_bytes());
    std::fs::write(one.join("t10k-labels-idx1-ubyte"), label).unwrap();
    let (_, stderr) = run("predict", &["--model", model.to_str().unwrap(), "--data", one.to_str().unwrap(), "--index", "5"]);
    assert!(stderr.contains("hint: pick 0 to 0"), "{stderr}");
    // --mistakes printed NaN for the digits a one-image test set does not hold.
    let (out, stderr) = run(
        "predict",
        &["--model", model.to_str().unwrap(), "--data", one.to_str().unwrap(), "--mistakes", "5", "--out", dir.to_str().unwrap()],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stderr}");
    assert!(!stdout.contains("NaN") && stdout.contains("(no image of this digit)"), "{stdout}");
    // `bench --numpy /bin/false` said "failed: " and nothing more.
    let (_, stderr) = run("bench", &["--numpy", "/bin/false", "--runs", "1", "--numerical-runs", "1", "--train-runs", "1"]);
    assert!(stderr.contains("failed, exit status: 1: it printed nothing on stderr"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn serve_on_a_busy_port_says_so_before_any_other_work() {
    // The failure this guards against: `serve` on a busy port loaded MNIST and trained the
    // default network (12 s) before it reported the port.
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    // A data folder that does not exist: the port must be what is reported.
    assert_refused("serve", &["--port", &port, "--data", "/nonexistent"], &format!("cannot listen on 127.0.0.1:{port}"));
}

#[test]
fn temporaries_left_by_a_killed_run_are_removed_by_the_next_one() {
    // The failure this guards against: a run killed by a signal while writing left
    // `.NAME.PID-N.partial` files behind for good.
    if common::mnist("temporaries_left_by_a_killed_run").is_none() {
        return;
    }
    let dir = common::temp_dir("hostile-stale");
    std::fs::create_dir_all(&dir).unwrap();
    // PID 4194304 is above Linux's largest (2^22): no such process.
    let stale = dir.join(".model.bin.4194304-0.partial");
    let users = dir.join("notes.partial");
    std::fs::write(&stale, b"half a model").unwrap();
    std::fs::write(&users, b"the user's own file").unwrap();
    let (out, stderr) = run("train", &["--iters-num", "1", "--limit", "100", "--out", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{stderr}");
    assert!(!stale.exists(), "the dead run's temporary is gone");
    assert_eq!(std::fs::read(&users).unwrap(), b"the user's own file");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The four files of a run in `dir`, in a fixed order, and the names of anything else there.
fn run_files(dir: &Path) -> (Vec<Vec<u8>>, Vec<String>) {
    let names = ["history.csv", "epochs.csv", "curves.svg", "model.bin"];
    let files = names.iter().map(|n| std::fs::read(dir.join(n)).unwrap_or_default()).collect();
    let mut others: Vec<String> =
        std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    others.retain(|n| !names.contains(&n.as_str()));
    (files, others)
}

/// Whether `name` is a temporary (`.partial`) or set-aside (`.previous`) name of one of a run's
/// four files (not of the write and space probes, which come before them).
#[cfg(unix)]
fn is_run_file(name: &str, ending: &str) -> bool {
    ["history.csv", "epochs.csv", "curves.svg", "model.bin"].iter().any(|f| name.starts_with(&format!(".{f}.")))
        && name.ends_with(ending)
}

/// (Unix only: signals and process groups.)
/// Starts `train` into `dir` (in a process group of its own, as a shell's job is), held at
/// `moment` (see `BACKPROP_TEST_OUTPUTS_HOLD` in src/lab/output/outputs.rs) until `ready` holds for the
/// folder, sends `signal` to the group, then lets whatever is left (the helper) go on, and waits
/// until the folder settles (no temporary left). Awaited throughout: no timing to miss.
#[cfg(unix)]
fn signal_train(dir: &Path, moment: &str, ready: impl Fn(&[String]) -> bool, signal: &str) {
    use std::os::unix::process::CommandExt;
    let hold = dir.with_extension("hold");
    std::fs::write(&hold, b"").unwrap();
    // A shell's job that was started in the background (`cmd &` in a script, nohup) inherits
    // SIGINT ignored, and train with it: GNU env puts the signals back to their default first.
    let resets = Command::new("env").args(["--default-signal=INT,TERM", "true"]).status().is_ok_and(|s| s.success());
    let mut train = if resets { Command::new("env") } else { Command::new(exe("train")) };
    if resets {
        train.arg("--default-signal=INT,TERM").arg(exe("train"));
    }
    let mut child = train
        .env(backprop::lab::settings::TARGET_ENV, common::target_dir())
        .args(["--iters-num", "3", "--limit", "100", "--seed", "7", "--overwrite", "--out", dir.to_str().unwrap()])
        .env("BACKPROP_TEST_OUTPUTS_HOLD", format!("{moment}:{}", hold.display()))
        .process_group(0)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while !ready(&run_files(dir).1) {
        assert!(child.try_wait().unwrap().is_none(), "train ended before the moment to signal came");
        assert!(start.elapsed().as_secs() < 120, "the moment to signal never came: {:?}", run_files(dir).1);
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // Held there: train (or, while the files are put in place, the helper it waits for) is
    // waiting for the hold file to go.
    assert!(child.try_wait().unwrap().is_none(), "train is held at {moment}");
    // The shell's own kill (a `kill` program is not on every machine), to the whole group.
    let kill = format!("kill -s {signal} -- -{}", child.id());
    assert!(Command::new("sh").args(["-c", &kill]).status().unwrap().success());
    // Awaited with a deadline: a train that ignores the signal would stay held for ever.
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed().as_secs() > 120 {
            let _ = child.kill();
            let _ = std::fs::remove_file(&hold);
            panic!("train did not end on SIG{signal} within 120 s (is the signal ignored where the tests run?)");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    assert!(!status.success(), "train ended by {signal}: {status:?}");
    std::fs::remove_file(&hold).unwrap();
    let start = std::time::Instant::now();
    while !run_files(dir).1.is_empty() && start.elapsed().as_secs() < 120 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
#[cfg(unix)]
fn a_signal_while_a_run_is_written_leaves_one_complete_set_and_no_temporary() {
    // The failure this guards against: SIGTERM between the final renames left the new
    // history.csv/epochs.csv beside the old curves.svg/model.bin, and two `.partial` files.
    if common::mnist("a_signal_while_a_run_is_written").is_none() {
        return;
    }
    let dir = common::temp_dir("hostile-signal");
    let previous_run = |dir: &Path| {
        let (out, stderr) = run("train", &["--iters-num", "1", "--limit", "100", "--overwrite", "--out", dir.to_str().unwrap()]);
        assert!(out.status.success(), "{stderr}");
        run_files(dir).0
    };
    // Ended while the files are being put in place (a `.previous` is there): the new set.
    for signal in ["TERM", "INT"] {
        let _ = std::fs::remove_dir_all(&dir);
        let old = previous_run(&dir);
        signal_train(&dir, "placing", |others| others.iter().any(|n| is_run_file(n, ".previous")), signal);
        let (new, others) = run_files(&dir);
        assert!(others.is_empty(), "{signal}: left behind: {others:?}");
        for (name, (old, new)) in ["history.csv", "epochs.csv", "curves.svg", "model.bin"].iter().zip(old.iter().zip(&new)) {
            assert!(!new.is_empty() && old != new, "{signal}: {name} is not the new run's");
        }
    }
    // Ended while the space probe is there (before training): the previous set, and no probe.
    for signal in ["TERM", "INT"] {
        let _ = std::fs::remove_dir_all(&dir);
        let old = previous_run(&dir);
        signal_train(&dir, "probe", |others| others.iter().any(|n| n.starts_with(".space-test.")), signal);
        let (now, others) = run_files(&dir);
        assert!(others.is_empty(), "{signal}: left behind: {others:?}");
        assert!(now == old, "{signal}: the previous run's files changed");
    }
    // Ended while the files are being written (a `.partial` is there): the previous set.
    for signal in ["TERM", "INT"] {
        let _ = std::fs::remove_dir_all(&dir);
        let old = previous_run(&dir);
        signal_train(&dir, "written", |others| others.iter().any(|n| is_run_file(n, ".partial")), signal);
        let (now, others) = run_files(&dir);
        assert!(others.is_empty(), "{signal}: left behind: {others:?}");
        assert!(now == old, "{signal}: the previous run's files changed");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bench_writes_into_a_fresh_folder_of_its_own_and_the_next_bench_removes_an_interrupted_ones() {
    // The failure this guards against: bench wrote with --overwrite into a predictable folder of
    // the system temp dir named after its PID (a planted link there redirected it), and an
    // interrupted bench left it behind.
    let bench = common::target_dir().join("bench");
    std::fs::create_dir_all(&bench).unwrap();
    // PID 4194304 is above Linux's largest (2^22): a bench that is no longer running.
    let dead = bench.join("run-4194304");
    std::fs::create_dir_all(&dead).unwrap();
    std::fs::write(dead.join("model.bin"), b"an interrupted bench's").unwrap();
    let start_bench = || {
        let child = common::command("bench").args(["--data", "/nonexistent"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn();
        let mut child = child.unwrap();
        let own = bench.join(format!("run-{}", child.id()));
        let status = child.wait().unwrap(); // no MNIST there: it ends at once, as if interrupted
        assert!(!status.success());
        own
    };
    let own = start_bench();
    assert!(!dead.exists(), "the earlier, interrupted bench's folder is removed");
    assert!(own.is_dir() && std::fs::read_dir(&own).unwrap().next().is_none(), "its own folder, made fresh and empty");
    let next = start_bench();
    assert!(!own.exists(), "the next bench removes the folder of the one that ended early");
    let _ = std::fs::remove_dir_all(next);
}

#[test]
fn a_full_disk_is_found_before_training_and_said_as_such() {
    // The failure this guards against: on a full disk the run trained to the end, was then lost,
    // and the hint was "choose a folder you can write to". A 100 KB filesystem (mounted in a
    // namespace of its own, which needs root) cannot hold the 318 KB model.
    let dir = common::temp_dir("hostile-full");
    let mounted = Command::new("unshare").args(["-m", "mount", "-t", "tmpfs", "-o", "size=100k", "tmpfs"]).arg(&dir).output();
    if !mounted.is_ok_and(|o| o.status.success()) {
        common::missing_tool(
            "a_full_disk_is_found_before_training",
            "root, to mount a small filesystem (unshare -m)",
            "run the tests as root",
        );
        return;
    }
    if common::mnist("a_full_disk_is_found_before_training").is_none() {
        return;
    }
    let script = r#"mount -t tmpfs -o size=100k tmpfs "$1" && exec "$2" --iters-num 1 --limit 100 --out "$1""#;
    let mut unshare = Command::new("unshare");
    unshare.args(["-m", "sh", "-c", script, "sh"]).arg(&dir).arg(exe("train"));
    let out = unshare.env(backprop::lab::settings::TARGET_ENV, common::target_dir()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let mut lines = stderr.lines().filter(|l| l.starts_with("error: ") || l.starts_with("hint: "));
    let error = lines.next().unwrap_or_default();
    let size =
        error.split(": cannot write this run's outputs, about ").nth(1).and_then(|r| r.strip_suffix(" KB: the disk is full"));
    assert!(size.and_then(|kb| kb.parse::<usize>().ok()).is_some_and(|kb| kb > 318), "{stderr}");
    assert_eq!(lines.next(), Some("hint: free some space on that disk, or choose a folder on another one"), "{stderr}");
    assert!(!stderr.contains("train acc"), "refused before training: {stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn what_a_user_names_in_a_make_variable_is_data_never_shell() {
    // The failure this guards against: `make data MNIST_DIR='/no; touch x'`, `make
    // exercise-reset N='1; touch x'` and `make check-mine FILE='`touch x`'` ran the command.
    let dir = common::temp_dir("hostile-make-injection");
    let planted = dir.join("x");
    let out = Command::new("make")
        .args(["-s", "data"])
        .arg(format!("MNIST_DIR=/no; touch {}", planted.display()))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains(&format!("error: MNIST_DIR=/no; touch {} is not a folder", planted.display())), "{stderr}");
    assert!(!planted.exists(), "the command inside MNIST_DIR ran");
    // The other names reach their programs the same way: quoted, from the environment.
    let makefile = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Makefile")).unwrap();
    for recipe in makefile.lines().filter(|l| l.starts_with('\t')) {
        for name in ["$(N)", "$(FILE)", "$(MNIST_DIR)", "$(MNIST_MIRROR)"] {
            assert!(!recipe.contains(name), "{name} pasted into a shell line: {recipe}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_output_is_judged_by_where_it_really_leads_not_by_its_spelling() {
    // The failure this guards against: `train --out target/../../victim` replaced the user's
    // history.csv, `--save target/../README.md` replaced README.md, `predict --out target/mylink`
    // (a link to a folder outside) replaced what was there, and `--save O/../O/history.csv`
    // wrote the model over one of the run's own outputs. Here the programs' own folder is a
    // temp one (BACKPROP_TARGET), so that nothing of the checkout is at stake.
    if common::mnist("an_output_is_judged_by_where_it_really_leads").is_none() {
        return;
    }
    let dir = common::temp_dir("hostile-spelling");
    let own = dir.join("target");
    let victim = dir.join("victim");
    std::fs::create_dir_all(&victim).unwrap();
    std::fs::write(victim.join("history.csv"), b"the user's").unwrap();
    std::fs::write(dir.join("README.md"), b"the user's").unwrap();
    std::fs::write(victim.join("mistakes.svg"), b"the user's").unwrap();
    let run = |bin: &str, args: &[String]| {
        let out = common::command(bin).env(backprop::lab::settings::TARGET_ENV, &own).args(args).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let s = |p: &Path| p.display().to_string();
    let through = own.join("new").join("..").join("..");
    let train = |extra: &[String]| {
        let mut args: Vec<String> = ["--iters-num", "1", "--limit", "100"].iter().map(|a| a.to_string()).collect();
        args.extend_from_slice(extra);
        run("train", &args)
    };
    let (code, stderr) = train(&["--out".into(), s(&through.join("victim"))]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("history.csv: already exists; not overwriting it"), "{stderr}");
    let (code, stderr) = train(&["--out".into(), s(&own.join("run")), "--save".into(), s(&through.join("README.md"))]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("README.md: already exists; not overwriting it"), "{stderr}");
    let run_dir = own.join("run");
    let (code, stderr) =
        train(&["--out".into(), s(&run_dir), "--save".into(), s(&run_dir.join("..").join("run").join("history.csv"))]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("is one of this run's own outputs"), "{stderr}");
    // A link inside the programs' folder to a folder outside it.
    std::fs::create_dir_all(&own).unwrap();
    common::symlink(&victim, own.join("mylink")).unwrap();
    let (code, stderr) = train(&["--out".into(), s(&own.join("model-run"))]);
    assert_eq!(code, Some(0), "{stderr}");
    let model = s(&own.join("model-run").join("model.bin"));
    let (code, stderr) =
        run("predict", &["--model".into(), model, "--mistakes".into(), "1".into(), "--out".into(), s(&own.join("mylink"))]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("mistakes.svg: already exists; not overwriting it"), "{stderr}");
    for file in [victim.join("history.csv"), dir.join("README.md"), victim.join("mistakes.svg")] {
        assert_eq!(std::fs::read(&file).unwrap(), b"the user's", "{}", file.display());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_second_run_into_a_folder_a_run_is_writing_is_refused_and_a_killed_runs_lock_is_taken_over() {
    // The failure this guards against: two runs into one --out could leave a mixed set (the
    // history of one beside the model of the other); nothing stopped the second.
    if common::mnist("a_second_run_into_a_busy_folder").is_none() {
        return;
    }
    let dir = common::temp_dir("hostile-lock");
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.to_str().unwrap();
    let args = ["--iters-num", "1", "--limit", "100", "--overwrite", "--out", out];
    let hold = dir.with_extension("hold");
    std::fs::write(&hold, b"").unwrap();
    // The first run, held while its space probe is there (its folder is locked by then).
    let mut first = common::command("train")
        .args(args)
        .env("BACKPROP_TEST_OUTPUTS_HOLD", format!("probe:{}", hold.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while !(dir.is_dir() && run_files(&dir).1.iter().any(|n| n.starts_with(".space-test."))) {
        assert!(first.try_wait().unwrap().is_none(), "the first run ended before its probe");
        assert!(start.elapsed().as_secs() < 120, "the first run never reached its probe");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_refused("train", &args, &format!("--out: {out}: another run (process {}) is writing into this folder", first.id()));
    let (_, stderr) = run("train", &args);
    assert!(stderr.contains("hint: wait for it to end, or choose another --out"), "{stderr}");
    std::fs::remove_file(&hold).unwrap();
    let status = first.wait().unwrap();
    assert!(status.success(), "the first run: {status:?}");
    let (files, others) = run_files(&dir);
    assert!(files.iter().all(|f| !f.is_empty()) && others.is_empty(), "{others:?}");
    // A lock left by a run that is no longer running (PID 4194304 is above Linux's largest) is
    // taken over, and given up at the end.
    std::fs::write(dir.join(".backprop.lock"), b"4194304 123\n").unwrap();
    let (done, stderr) = run("train", &args);
    assert!(done.status.success(), "{stderr}");
    assert!(run_files(&dir).1.is_empty(), "{:?}", run_files(&dir).1);
    let _ = std::fs::remove_dir_all(&dir);
}
