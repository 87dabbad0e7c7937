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

/// The string literals of a Rust file, with their line numbers and the code before each on its
/// statement, escapes read (`\n`, `\x20`, `\u{…}`, a `\` at a line's end); comments, char
/// literals and lifetimes are passed over.
fn string_literals(code: &str) -> Vec<(usize, String, String)> {
    let bytes: Vec<char> = code.chars().collect();
    let (mut found, mut i, mut line, mut statement) = (Vec::new(), 0, 1, String::new());
    let word_before = |i: usize| i > 0 && (bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_');
    while i < bytes.len() {
        let c = bytes[i];
        let rest: String = bytes[i..(i + 3).min(bytes.len())].iter().collect();
        if rest.starts_with("//") {
            while i < bytes.len() && bytes[i] != '\n' {
                i += 1;
            }
        } else if rest.starts_with("/*") {
            while i + 1 < bytes.len() && !(bytes[i] == '*' && bytes[i + 1] == '/') {
                line += (bytes[i] == '\n') as usize;
                i += 1;
            }
            i += 2;
        } else if c == '\'' {
            // 'x', '\n', '\u{…}' or a lifetime 'a
            let close =
                (i + 2..(i + 12).min(bytes.len())).find(|&j| bytes[j] == '\'' && (bytes[j - 1] != '\\' || bytes[j - 2] == '\\'));
            i = match close {
                Some(j) if bytes[i + 1] == '\\' || j == i + 2 => j + 1,
                _ => i + 1,
            };
        } else if let Some(hashes) = raw_string_at(&bytes, i).filter(|_| !word_before(i)) {
            // r"…", r#"…"#, br"…"
            let start = i + (c == 'b') as usize + 1 + hashes + 1;
            let close: Vec<char> = format!("\"{}", "#".repeat(hashes)).chars().collect();
            let mut j = start;
            while !bytes[j..].starts_with(&close) {
                j += 1;
            }
            let text: String = bytes[start..j].iter().collect();
            found.push((line, text.clone(), statement.clone()));
            line += text.matches('\n').count();
            i = j + close.len();
        } else if c == '"' {
            let (start_line, mut text, mut j) = (line, String::new(), i + 1);
            while bytes[j] != '"' {
                if bytes[j] == '\n' {
                    line += 1;
                }
                if bytes[j] != '\\' {
                    text.push(bytes[j]);
                    j += 1;
                    continue;
                }
                j += 2;
                match bytes[j - 1] {
                    'n' => text.push('\n'),
                    't' => text.push('\t'),
                    'x' => {
                        text.push(u8::from_str_radix(&bytes[j..j + 2].iter().collect::<String>(), 16).map_or('?', char::from));
                        j += 2;
                    }
                    'u' => {
                        let end = j + bytes[j..].iter().position(|&b| b == '}').unwrap_or(0);
                        let hex: String = bytes[j + 1..end].iter().collect();
                        text.push(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).unwrap_or('?'));
                        j = end + 1;
                    }
                    '\n' => {
                        line += 1;
                        while bytes[j].is_whitespace() {
                            line += (bytes[j] == '\n') as usize;
                            j += 1;
                        }
                    }
                    other => text.push(other),
                }
            }
            found.push((start_line, text, statement.clone()));
            i = j + 1;
        } else {
            if c == ';' || c == '{' || c == '}' {
                statement.clear();
            } else {
                statement.push(c);
            }
            line += (c == '\n') as usize;
            i += 1;
        }
    }
    found
}

/// How many `#` the raw string starting at `i` has (`r"`, `r#"`, `br"`), if one starts there.
fn raw_string_at(code: &[char], i: usize) -> Option<usize> {
    let after_r = match code.get(i..i + 2)? {
        ['r', _] => i + 1,
        ['b', 'r'] => i + 2,
        _ => return None,
    };
    let hashes = code[after_r..].iter().take_while(|&&h| h == '#').count();
    (code.get(after_r + hashes) == Some(&'"')).then_some(hashes)
}

/// The fixed pieces of a format string's line: the text between its values (`{…}`), `{{` and
/// `}}` read as the braces they write.
fn pieces(line: &str) -> Vec<String> {
    let (mut pieces, mut piece) = (Vec::new(), String::new());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => piece.push(chars.next().unwrap_or('{')),
            '}' if chars.peek() == Some(&'}') => piece.push(chars.next().unwrap_or('}')),
            '{' => {
                chars.by_ref().find(|&c| c == '}');
                pieces.push(std::mem::take(&mut piece));
            }
            c => piece.push(c),
        }
    }
    pieces.push(piece);
    pieces
}

/// A format string's line with a value in each `{…}`, as it might be said.
fn with_values(line: &str) -> String {
    pieces(line).join("7")
}

/// Whether `line` (a format string's line), or a piece of a message, fits `pattern` of the
/// table: its fixed pieces are found in the pattern's text in order.
fn fits(line: &str, pattern: &str) -> bool {
    let pieces = pieces(line);
    let mut at = 0;
    pieces.iter().filter(|p| !p.trim().is_empty()).all(|p| match pattern[at..].find(p.as_str()) {
        Some(found) => {
            at += found + p.len();
            true
        }
        None => false,
    })
}

/// Rewording a message, or writing a new one, without its Korean shows here, before any user
/// sees English in a Korean locale: every line of English prose in a string literal of the
/// programs (src/bin, the chapter's errors, and the lab but for the page's and the pictures'
/// own words, which are written in both languages where they stand) fits a pattern of
/// `messages::KOREAN`. Not asked: panic and assert messages (a bug's `internal error`), lines
/// already in both languages, and code.
#[test]
fn every_sentence_the_programs_say_on_their_own_has_its_korean() {
    // The page's words (its JSON `words`, its API's errors for the page's script) and the
    // figures' labels are not the terminal's: they are written in both languages where they
    // stand, or are the notes' terms.
    // stand, or are the notes' terms. gzip's and json's reasons are not shown on the terminal
    // (fetch says a file "could not be gunzipped"; JSON is read from the page and from rustc).
    const NOT_THE_TERMINALS: &[&str] = &[
        "src/lab/serve/",
        "src/lab/walkthrough/",
        "src/lab/pictures/",
        "src/lab/messages.rs",
        "src/lab/fetch/gzip.rs",
        "src/lab/json.rs",
    ];
    // Others' words, recognised where they are read, not said.
    const NOT_SAID: &[&str] = &[
        "failed printing to stdout", // std's panic on a closed pipe
        "not yet implemented",       // todo!()'s panic
        "aborting due to",           // rustc's last line
    ];
    let mut files = vec![];
    let mut folders = vec![std::path::PathBuf::from("src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    let patterns: Vec<&str> = backprop::lab::messages::KOREAN.iter().map(|(english, _)| *english).collect();
    let mut missing = Vec::new();
    let mut asked = 0;
    for file in &files {
        let name = file.to_string_lossy().replace('\\', "/");
        if NOT_THE_TERMINALS.iter().any(|n| name.starts_with(n)) {
            continue;
        }
        for (line_no, text, before) in string_literals(&std::fs::read_to_string(file).unwrap()) {
            let internal = ["panic!(", "assert!(", "assert_eq!(", "assert_ne!(", ".expect(", "unreachable!(", "todo!("];
            // `words("…", "…")` gives both languages side by side; `<…>` is a picture's markup.
            let both = before.trim_end().ends_with("words(") || text.chars().any(|c| ('가'..='힣').contains(&c));
            if internal.iter().any(|m| before.contains(m)) || both || text.starts_with('<') {
                continue;
            }
            for line in text.lines().filter(|l| english_prose(l) && !NOT_SAID.contains(l)) {
                asked += 1;
                // Said in Korean as it stands (the table's parts translated in turn), or a piece
                // of a longer message found in a pattern's text.
                let said = backprop::lab::messages::to_korean(&with_values(line));
                if english_prose(&said) && !patterns.iter().any(|p| fits(line, p)) {
                    missing.push(format!("{name}:{line_no}: {line}"));
                }
            }
        }
    }
    assert!(asked > 250, "only {asked} lines found: the literals were not read");
    assert!(missing.is_empty(), "{} lines with no Korean in lab::messages::KOREAN:\n{}", missing.len(), missing.join("\n"));
}
