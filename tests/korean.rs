//! The programs speak Korean when the locale is Korean (`LC_ALL`, else `LC_MESSAGES`, else `LANG`
//! starting with `ko`) and English otherwise, from the one table of `lab::messages`; the notes'
//! own lines read the same in every locale.

mod common;

/// stdout and stderr of `bin args` with the locale variables `env` (and no others).
fn run(bin: &str, args: &[&str], env: &[(&str, &str)]) -> String {
    let mut command = common::command(bin);
    command.args(args).env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("LANG");
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().unwrap();
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

const KO: &[(&str, &str)] = &[("LANG", "ko_KR.UTF-8")];
const C: &[(&str, &str)] = &[("LANG", "C.UTF-8")];

/// A line of English prose: three lowercase English words in a row (code, numbers and the notes'
/// `train acc, test acc | …` are not).
fn english_prose(line: &str) -> bool {
    if line.starts_with("train acc, test acc | ") {
        return false;
    }
    let mut run = 0;
    for word in line.split_whitespace() {
        // A list of names (`gradient, loss, accuracy`) is not prose.
        let word = if word.ends_with(',') { "" } else { word.trim_end_matches([';', ':', '.']) };
        if word.len() >= 2 && word.chars().all(|c| c.is_ascii_lowercase() || c == '\'') {
            run += 1;
            if run == 3 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

#[test]
fn the_locale_is_found_as_posix_says() {
    let said = |env: &[(&str, &str)]| run("train", &["--iters-num", "0"], env);
    assert!(
        said(KO).starts_with("오류: --iters-num: iters_num은(는) 1 이상이어야 합니다\n도움말: 노트는 10000을"),
        "{}",
        said(KO)
    );
    assert!(said(C).starts_with("error: --iters-num: iters_num must be at least 1\nhint: the notes use 10000"), "{}", said(C));
    assert!(said(&[]).starts_with("error: "), "no locale: English");
    assert!(said(&[("LANG", "ko_KR.UTF-8"), ("LC_ALL", "C")]).starts_with("error: "), "LC_ALL wins");
    assert!(said(&[("LANG", "C"), ("LC_MESSAGES", "ko_KR.UTF-8")]).starts_with("오류: "), "LC_MESSAGES before LANG");
    assert!(said(&[("LANG", "ko_KR.UTF-8"), ("LC_ALL", "")]).starts_with("오류: "), "an empty LC_ALL is not set");
}

#[test]
fn every_line_a_program_explains_itself_with_is_korean_in_a_korean_locale() {
    // Every binary's --help, and errors a learner meets first.
    let mut cases: Vec<(&str, Vec<&str>)> =
        ["train", "gradcheck", "trace", "predict", "apples", "graphs", "serve", "bench", "exercise", "steps", "fetch"]
            .iter()
            .map(|bin| (*bin, vec!["--help"]))
            .collect();
    cases.extend([
        ("train", vec!["--bogus"]),
        ("train", vec!["--iters-num"]),
        ("train", vec!["--learning-rate", "-1"]),
        ("train", vec!["--batch-size", "10000000", "--hidden-size", "1000"]),
        ("train", vec!["--data", "/nonexistent"]),
        ("predict", vec!["--model", "/dev/zero"]),
        ("predict", vec!["--image", "/nonexistent"]),
    ]);
    let out = common::temp_dir("korean-outputs");
    let out_dir = out.to_str().unwrap().to_string();
    if common::mnist("every_line_a_program_explains_itself_with").is_some() {
        cases.extend([
            ("train", vec!["--iters-num", "3", "--limit", "200", "--out", &out_dir]),
            ("train", vec!["--numerical", "--iters-num", "1", "--limit", "20", "--hidden-size", "2", "--out", &out_dir]),
            ("train", vec!["--iters-num", "5", "--learning-rate", "1e308", "--limit", "100", "--out", &out_dir]),
            ("gradcheck", vec!["--seed", "4"]),
            ("trace", vec![]),
        ]);
    }
    let mut english = Vec::new();
    for (bin, args) in &cases {
        let said = run(bin, args, KO);
        assert!(said.chars().any(|c| ('가'..='힣').contains(&c)), "{bin} {args:?} said nothing in Korean:\n{said}");
        english.extend(said.lines().filter(|l| english_prose(l)).map(|l| format!("{bin} {args:?}: {l}")));
    }
    assert!(english.is_empty(), "English prose in a Korean locale:\n{}", english.join("\n"));
    // The same commands in English say no Korean at all.
    for (bin, args) in cases.iter().take(12) {
        let said = run(bin, args, C);
        assert!(!said.chars().any(|c| ('가'..='힣').contains(&c)), "{bin} {args:?}:\n{said}");
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn the_notes_lines_read_the_same_in_every_locale() {
    let notes_lines = |text: &str| -> Vec<String> {
        text.lines().filter(|l| l.starts_with("train acc, test acc | ") || l.starts_with("  ")).map(String::from).collect()
    };
    // The apple prices of 5.4 (apples prints only them, indented, and file names).
    let (ko, en) = (run("apples", &["--out", "/nonexistent-dir/x"], KO), run("apples", &["--out", "/nonexistent-dir/x"], C));
    assert!(ko.contains("  price: 220\n") && ko.contains("  price: 715\n"), "{ko}");
    assert_eq!(notes_lines(&ko), notes_lines(&en));
    if common::mnist("the_notes_lines_read_the_same").is_none() {
        return;
    }
    let out = common::temp_dir("korean-notes-lines");
    let args = ["--iters-num", "3", "--limit", "200", "--out", out.to_str().unwrap(), "--overwrite"];
    let (ko, en) = (run("train", &args, KO), run("train", &args, C));
    let lines = |text: &str| -> Vec<String> {
        text.lines().filter(|l| l.starts_with("train acc, test acc | ")).map(String::from).collect()
    };
    assert_eq!(lines(&ko).len(), 2, "{ko}");
    assert_eq!(lines(&ko), lines(&en));
    assert!(ko.contains("최종 (반복 3번 후): train acc ") && en.contains("final (after 3 iterations): train acc "), "{ko}\n{en}");
    // The page's events are data: the same JSON in every locale.
    let events: Vec<&str> = args.iter().copied().chain(["--events"]).collect();
    let ko = run("train", &events, KO);
    let json: Vec<&str> = ko.lines().filter(|l| l.starts_with('{')).collect();
    assert!(json.iter().any(|l| l.contains("\"type\":\"epoch\"")), "{ko}");
    assert!(json.iter().all(|l| !l.chars().any(|c| ('가'..='힣').contains(&c))), "{ko}");
    let _ = std::fs::remove_dir_all(&out);
}
