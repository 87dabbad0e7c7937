//! `make serve` over real HTTP: the server binary is started on a free port and talked to over
//! `TcpStream`: the page, predictions equal to `predict --index`, backprop's `dx` against a
//! numerical gradient, every bad request with its status, 200 concurrent requests, and a
//! headless Chromium drawing on the page.

mod common;
use backprop::functions::softmax;
use backprop::lab::json::{self, Json};
use backprop::mnist::input_row;
use backprop::train::{train, TrainConfig};
use backprop::TwoLayerNet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// A network trained for 300 iterations, saved once per test run.
fn model(test: &str) -> Option<PathBuf> {
    static MODEL: OnceLock<PathBuf> = OnceLock::new();
    let data = common::mnist(test)?;
    Some(
        MODEL
            .get_or_init(|| {
                let outcome = train(&TrainConfig { iters_num: 300, ..TrainConfig::default() }, data, &mut |_| {
                    std::ops::ControlFlow::Continue(())
                });
                let path = common::temp_dir("serve-model").join("model.bin");
                outcome.network.save_params(&path, true).unwrap();
                path
            })
            .clone(),
    )
}

/// The server binary on a free port; killed when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(model: &PathBuf) -> Server {
        Server::start_with(model, &[])
    }

    /// The server with more flags (`--host`, `--allow-host`).
    fn start_with(model: &PathBuf, flags: &[&str]) -> Server {
        let mut child = common::command("serve")
            .args(["--port", "0", "--model"])
            .arg(model)
            .args(flags)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut line).unwrap();
        // Read the rest as a terminal would (the page's runs print the notes' accuracy lines).
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let address = line
            .strip_prefix("serving http://")
            .and_then(|r| r.split('/').next())
            .unwrap_or_else(|| panic!("{line}"))
            .replace("0.0.0.0", "127.0.0.1");
        Server { child, address }
    }

    /// Sends `raw` bytes as they are; returns the status and the body.
    fn raw(&self, raw: &[u8]) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let _ = stream.write_all(raw);
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let text = String::from_utf8_lossy(&response).into_owned();
        let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
        (status, body)
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.raw(format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.address).as_bytes())
    }

    fn post(&self, path: &str, body: &str) -> (u16, String) {
        let head = format!("POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n", self.address);
        self.raw(format!("{head}Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The object of a JSON answer.
#[track_caller]
fn object(body: &str) -> std::collections::BTreeMap<String, Json> {
    match json::parse(body) {
        Ok(Json::Object(map)) => map,
        other => panic!("not a JSON object: {other:?} in {body}"),
    }
}

#[track_caller]
fn numbers(value: &Json) -> Vec<f64> {
    let Json::Array(items) = value else { panic!("{value:?}") };
    items.iter().map(|v| if let Json::Number(n) = v { *n } else { panic!("{v:?}") }).collect()
}

fn pixels_json(pixels: &[f64]) -> String {
    format!("[{}]", pixels.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(","))
}

#[test]
fn the_page_and_its_files() {
    let Some(model) = model("the_page_and_its_files") else { return };
    let server = Server::start(&model);
    let (status, page) = server.get("/");
    assert_eq!(status, 200);
    assert!(page.contains("<canvas id=\"pad\"") && page.contains("/page.js") && page.contains("/page.css"), "{page}");
    for path in ["/page.js", "/page.css"] {
        assert_eq!(server.get(path).0, 200, "{path}");
    }
    // Nothing from elsewhere: every src and href is a path on this server.
    let outside: Vec<&str> = page.split(['"', '\'']).filter(|s| s.contains("://")).collect();
    assert!(outside.is_empty(), "the page refers outside the server: {outside:?}");
    let (_, js) = server.get("/page.js");
    assert!(
        !js.contains("http://") && !js.contains("https://") && !js.contains("import "),
        "the script loads nothing from elsewhere"
    );
    // No file from disk by path.
    for path in
        ["/../Cargo.toml", "/src/lib.rs", "/page.js/../../Cargo.toml", "/%2e%2e/Cargo.toml", "/data/train-labels-idx1-ubyte"]
    {
        assert_eq!(server.get(path).0, 404, "{path}");
    }
}

#[test]
fn predictions_for_test_images_equal_predict_index() {
    let Some(model) = model("predictions_for_test_images_equal_predict_index") else { return };
    let ((_, _), (x_test, _)) = common::mnist("predictions_for_test_images_equal_predict_index").unwrap();
    let server = Server::start(&model);
    let mut network = TwoLayerNet::load_params(&model).unwrap();
    for index in [0, 1, 2, 1234, 9999] {
        let test = object(&server.get(&format!("/api/test/{index}")).1);
        let pixels = numbers(&test["pixels"]);
        assert_eq!(pixels.len(), 784);
        let (status, body) = server.post("/api/predict", &format!("{{\"pixels\":{}}}", pixels_json(&pixels)));
        assert_eq!(status, 200, "{body}");
        let answer = object(&body);
        // The library's own numbers for the same test row, bit for bit.
        let expected = softmax(&network.predict(&x_test.slice_rows(index, index + 1)));
        assert_eq!(numbers(&answer["probabilities"]), expected.data, "test image {index}");
        assert_eq!(input_row(&pixels), x_test.slice_rows(index, index + 1), "the page's pixels are the data set's");
        // And what `predict --index` prints, to its 4 decimals.
        let out = common::command("predict").arg("--model").arg(&model).args(["--index", &index.to_string()]).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        for (digit, p) in numbers(&answer["probabilities"]).iter().enumerate() {
            assert!(
                stdout.lines().any(|l| l.starts_with(&format!("  {digit} {p:>7.4} "))),
                "digit {digit} p {p:.4} in\n{stdout}"
            );
        }
        let Json::Number(prediction) = answer["prediction"] else { panic!("{answer:?}") };
        assert!(stdout.contains(&format!("predicted: {prediction}")), "{stdout}");
        assert_eq!(numbers(&answer["hidden"]).len(), 50);
    }
}

#[test]
fn backprop_dx_is_the_numerical_gradient_of_the_loss_for_the_input() {
    let Some(model) = model("backprop_dx_is_the_numerical_gradient") else { return };
    let server = Server::start(&model);
    let pixels = numbers(&object(&server.get("/api/test/3").1)["pixels"]);
    // Label 4, not the image's: the loss is large and so is every part of its gradient.
    let (status, body) = server.post("/api/backprop", &format!("{{\"pixels\":{},\"label\":4}}", pixels_json(&pixels)));
    assert_eq!(status, 200, "{body}");
    let answer = object(&body);
    let dx = numbers(&answer["dx"]);
    assert_eq!(dx.len(), 784);
    let mut network = TwoLayerNet::load_params(&model).unwrap();
    let x = input_row(&pixels);
    let mut t = backprop::Matrix::zeros(1, 10);
    t[(0, 4)] = 1.0;
    let loss = network.loss(&x, &t);
    assert_eq!(answer["loss"], Json::Number(loss));
    // Backprop's (y - t)/N is the exact derivative of the loss without the notes' 1e-7 inside
    // the log; with it, the numerical gradient would be off by 1e-7/y relative, and y (the
    // probability of the wrong label 4) is tiny. So: the numerical gradient of that exact loss.
    network.last_layer.delta = 0.0;
    let mut x_probe = x.clone();
    let numerical = backprop::gradient::numerical_gradient(|x| network.loss(x, &t), &mut x_probe, |m| m);
    // The central difference with h = 1e-4 is exact to about 1e-9 relative here (its truncation
    // error is h^2/6 times the third derivative), unless a hidden unit sits at ReLU's kink.
    let largest = dx.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let gap = dx.iter().zip(&numerical.data).fold(0.0f64, |m, (a, b)| m.max((a - b).abs()));
    println!("dx: largest |entry| {largest:e}, largest |dx - numerical| {gap:e}");
    assert!(largest > 1e-3 && gap / largest < 1e-6, "gap {gap:e} of {largest:e}");
    // Each layer's dout has its layer's shape: 10 into Affine2, 50 into Relu1 and Affine1, and
    // Relu1's dx is 0 exactly where its mask is.
    assert_eq!(numbers(&answer["dout_affine2"]).len(), 10);
    let (d_relu, d_affine1, mask) = (numbers(&answer["dout_relu1"]), numbers(&answer["dout_affine1"]), numbers(&answer["mask"]));
    for i in 0..50 {
        assert_eq!(d_affine1[i], if mask[i] == 1.0 { 0.0 } else { d_relu[i] }, "unit {i}");
    }
    // The grads are `gradient`'s, the values before ReLU Affine1's output, whose sign is the mask.
    let grads = network.gradient(&x, &t);
    assert_eq!(numbers(&answer["dw2"]), grads["W2"].data);
    assert_eq!(numbers(&answer["db2"]), grads["b2"].data);
    assert_eq!(numbers(&answer["db1"]), grads["b1"].data);
    let before = numbers(&answer["before_relu"]);
    assert_eq!(before, network.affine1.forward(&x).data);
    assert!((0..50).all(|i| (before[i] <= 0.0) == (mask[i] == 1.0)));
    // dW1's columns of the 8 units with the largest |dout|, largest first.
    let units: Vec<usize> = numbers(&answer["dw1_units"]).iter().map(|&u| u as usize).collect();
    let columns = numbers(&answer["dw1_columns"]);
    assert_eq!((units.len(), columns.len()), (8, 8 * 784));
    let size = |j: usize| d_affine1[j].abs();
    assert!(units.windows(2).all(|w| size(w[0]) >= size(w[1])));
    assert!((0..50).filter(|j| !units.contains(j)).all(|j| size(j) <= size(units[7])));
    for (k, &j) in units.iter().enumerate() {
        assert_eq!(columns[k * 784..(k + 1) * 784], (0..784).map(|i| grads["W1"][(i, j)]).collect::<Vec<_>>()[..], "unit {j}");
    }
}

#[test]
fn bad_requests_get_their_status_and_a_json_error_and_the_server_keeps_serving() {
    let Some(model) = model("bad_requests_get_their_status") else { return };
    let server = Server::start(&model);
    let zeros = pixels_json(&[0.0; 784]);
    let mut with_300 = vec![0.0; 784];
    with_300[3] = 300.0;
    let mut with_text = zeros.clone();
    with_text.replace_range(1..2, "\"a\"");
    let cases: Vec<(&str, String, u16, &str)> = vec![
        (
            "/api/predict",
            "{\"pixels\": [1, 2".to_string(),
            400,
            "the body is not valid JSON: expected ',' or ']' at byte 16 but found end of input",
        ),
        ("/api/predict", "[1, 2]".to_string(), 400, "the body must be a JSON object, {…}"),
        ("/api/predict", "{}".to_string(), 400, "the key \"pixels\" is missing"),
        (
            "/api/predict",
            "{\"pixels\": [1, 2]}".to_string(),
            400,
            "pixels has 2 values; 784 are needed (28×28, row by row, ink bright on black)",
        ),
        ("/api/predict", format!("{{\"pixels\": {}}}", pixels_json(&with_300)), 400, "pixels[3] is 300, not in 0..255"),
        ("/api/predict", format!("{{\"pixels\": {with_text}}}"), 400, "pixels[0] is not a number"),
        (
            "/api/predict",
            "{\"pixels\": [1e999]}".to_string(),
            400,
            "the body is not valid JSON: \"1e999\" at byte 12 is too large a number (beyond ±1.8e308)",
        ),
        (
            "/api/predict",
            "{\"pixels\": [NaN]}".to_string(),
            400,
            "the body is not valid JSON: expected a value at byte 12 but found 'N'",
        ),
        ("/api/backprop", format!("{{\"pixels\": {zeros}, \"label\": 10}}"), 400, "label is 10, not a whole number from 0 to 9"),
        (
            "/api/backprop",
            format!("{{\"pixels\": {zeros}, \"label\": 2.5}}"),
            400,
            "label is 2.5, not a whole number from 0 to 9",
        ),
        ("/api/backprop", format!("{{\"pixels\": {zeros}}}"), 400, "the key \"label\" is missing"),
        ("/api/graph", "{\"graph\": \"apple\", \"apple\": 100}".to_string(), 400, "the key \"apple_num\" is missing"),
        ("/api/graph", "{\"graph\": \"banana\"}".to_string(), 400, "graph is \"banana\": it must be \"apple\", \"apple_orange\" or \"net\""),
        (
            "/api/graph",
            "{\"graph\": \"apple\", \"apple\": 1, \"apple_num\": 2, \"tax\": 1, \"entry\": {\"edge\": 0, \"backward\": true}}".to_string(),
            400,
            "∂price/∂apple is a number, not a matrix: it has no entries",
        ),
        (
            "/api/graph",
            "{\"graph\": \"apple\", \"apple\": 1, \"apple_num\": 2, \"tax\": 1, \"entry\": {\"edge\": 9, \"backward\": true}}".to_string(),
            400,
            "edge is 9, not a whole number from 0 to 4",
        ),
        (
            "/api/graph",
            format!("{{\"graph\": \"net\", \"pixels\": {zeros}, \"label\": 3, \"entry\": {{\"edge\": 1, \"backward\": true, \"row\": 784, \"col\": 0}}}}"),
            400,
            "dW1 is 784×50: it has no entry [784][0]",
        ),
        ("/api/graph", format!("{{\"graph\": \"net\", \"pixels\": {zeros}, \"label\": 3, \"batch\": 7}}"), 400, "batch is 7: it must be 1 or 100"),
        ("/api/graph", "{\"graph\": \"net\", \"label\": 3}".to_string(), 400, "the key \"pixels\" is missing"),
        (
            "/api/prepare",
            "{\"width\": 0, \"height\": 5, \"pixels\": []}".to_string(),
            400,
            "width is 0, not a whole number from 1 to 128",
        ),
    ];
    for (path, body, status, message) in &cases {
        let (got, answer) = server.post(path, body);
        assert_eq!(got, *status, "{path} {body:.80}: {answer}");
        assert_eq!(object(&answer)["error"], Json::String(message.to_string()), "{path} {body:.80}");
    }
    let error_of = |(status, body): (u16, String)| (status, object(&body)["error"].clone());
    assert_eq!(error_of(server.get("/nothing")), (404, Json::String("nothing at /nothing; the page is at /".into())));
    assert_eq!(error_of(server.get("/api/test/10000")).0, 404);
    assert_eq!(error_of(server.get("/api/test/x")).0, 404);
    assert_eq!(error_of(server.get("/api/predict")), (405, Json::String("/api/predict takes POST, not GET".into())));
    assert_eq!(error_of(server.post("/", "")).0, 405);
    let host = format!("Host: {}\r\n", server.address);
    // A body over 64 KiB: refused from its Content-Length, before it is read.
    let big = format!("POST /api/predict HTTP/1.1\r\n{host}Content-Length: {}\r\n\r\n", 65 * 1024);
    assert_eq!(error_of(server.raw(big.as_bytes())).0, 413);
    // Headers over 8 KiB.
    let long = format!("GET / HTTP/1.1\r\n{host}X-Long: {}\r\n\r\n", "a".repeat(9000));
    assert_eq!(error_of(server.raw(long.as_bytes())).0, 431);
    // Not HTTP at all, and a chunked body.
    assert_eq!(error_of(server.raw(b"hello there\r\n\r\n")).0, 400);
    let chunked = format!("POST /api/predict HTTP/1.1\r\n{host}Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    assert_eq!(error_of(server.raw(chunked.as_bytes())).0, 411);
    // A POST that is not JSON (what a form on another web site would send), and a request for
    // another host name (a web site that renamed itself to 127.0.0.1).
    let form = format!("POST /api/train HTTP/1.1\r\n{host}Content-Type: text/plain\r\nContent-Length: 2\r\n\r\n{{}}");
    assert_eq!(
        error_of(server.raw(form.as_bytes())),
        (415, Json::String("send the body as JSON, with Content-Type: application/json".into()))
    );
    assert_eq!(error_of(server.raw(b"GET /api/model HTTP/1.1\r\nHost: evil.example:80\r\n\r\n")).0, 403);
    assert_eq!(error_of(server.raw(b"GET /api/model HTTP/1.1\r\n\r\n")).0, 403);
    // A client that sends nothing, or half a request, is told 408 after a few seconds (the read
    // timeout) and dropped.
    let timeout = (408, Json::String("the request took too long to arrive".into()));
    let half_head = format!("GET /api/model HTTP/1.1\r\n{host}");
    let half_body = format!("POST /api/predict HTTP/1.1\r\n{host}Content-Type: application/json\r\nContent-Length: 10\r\n\r\n{{");
    std::thread::scope(|s| {
        let waits = [String::new(), half_head, half_body].map(|request| s.spawn(|| (server.raw(request.as_bytes()), request)));
        for wait in waits {
            let (answer, request) = wait.join().unwrap();
            assert_eq!(error_of(answer), timeout, "{request:?}");
        }
    });
    // Still serving.
    assert_eq!(server.get("/api/model").0, 200);
}

#[test]
fn two_hundred_concurrent_requests_are_all_answered() {
    let Some(model) = model("two_hundred_concurrent_requests") else { return };
    let server = Server::start(&model);
    let body = format!("{{\"pixels\":{}}}", pixels_json(&numbers(&object(&server.get("/api/test/0").1)["pixels"])));
    let start = Instant::now();
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..200).map(|_| s.spawn(|| server.post("/api/predict", &body).0)).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let took = start.elapsed();
    println!("200 concurrent predictions answered in {took:?}");
    assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");
    assert_eq!(server.get("/api/model").0, 200);
}

#[test]
fn the_apple_graph_and_the_weights() {
    let Some(model) = model("the_apple_graph_and_the_weights") else { return };
    let server = Server::start(&model);
    let (status, body) = server.post(
        "/api/graph",
        "{\"graph\":\"apple_orange\",\"apple\":100,\"apple_num\":2,\"orange\":150,\"orange_num\":3,\"tax\":1.1}",
    );
    assert_eq!(status, 200, "{body}");
    let a = object(&body);
    let b = backprop::apples::buy_apple_orange(100.0, 2.0, 150.0, 3.0, 1.1);
    let Json::Array(edges) = &a["edges"] else { panic!("{body}") };
    let value = |edge: usize, side: &str| {
        let Json::Object(e) = &edges[edge] else { panic!() };
        let Json::Object(n) = &e[side] else { panic!() };
        n["value"].clone()
    };
    // The edges: apple, apple_num, orange, orange_num, apple_price, orange_price, all_price, tax, price.
    assert_eq!(
        (value(8, "forward"), value(0, "backward"), value(7, "backward"), value(4, "backward")),
        (Json::Number(b.price), Json::Number(b.dapple), Json::Number(b.dtax), Json::Number(b.dapple_price))
    );
    let Json::String(svg) = &a["svg"] else { panic!() };
    common::assert_well_formed_xml(svg, "svg");
    let w = object(&server.get("/api/weights").1);
    let Json::Array(columns) = &w["columns"] else { panic!() };
    assert_eq!(columns.len(), 50);
    let network = TwoLayerNet::load_params(&model).unwrap();
    assert_eq!(numbers(&columns[7])[100], network.affine1.w[(100, 7)]);
    // A drawing prepared as a PGM is: a bar on a 40×60 page (common::dark_bar_on_white's bar, ink bright as the page draws).
    let mut page = vec![0.0; 40 * 60];
    for y in 12..48 {
        page[y * 40 + 19] = 255.0;
        page[y * 40 + 20] = 255.0;
    }
    let (status, body) =
        server.post("/api/prepare", &format!("{{\"width\":40,\"height\":60,\"pixels\":{}}}", pixels_json(&page)));
    assert_eq!(status, 200, "{body}");
    let gray = backprop::lab::pgm::Gray { width: 40, height: 60, pixels: page.iter().map(|v| v / 255.0).collect() };
    assert_eq!(numbers(&object(&body)["pixels"]), backprop::lab::pgm::to_mnist_input(&gray).unwrap().0);
}

/// Headless Chromium's DOM of the page at `query` on a server of `model`, after the page's own
/// self-test has written its result into `data-{key}` on the body: that result, and the server.
/// `None` (said loudly) where no Chromium is installed.
fn browser_result(test: &str, model: &PathBuf, query: &str, key: &str) -> Option<(String, String, Server)> {
    let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()))
    else {
        common::missing_tool(test, "no Chromium found", "install it: apt-get install chromium (.ci/run does)");
        return None;
    };
    let server = Server::start(model);
    let profile = common::temp_dir(&format!("chromium-profile-{key}"));
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
        ])
        .args(["--disable-component-update", "--disable-sync", "--virtual-time-budget=15000", "--dump-dom"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("http://{}/{query}", server.address))
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&profile);
    let dom = String::from_utf8_lossy(&out.stdout).to_string();
    let result = dom.split(&format!("data-{key}=\"")).nth(1).map(|r| r[..r.find('"').unwrap()].replace("&amp;", "&"));
    println!("{key}: {result:?}");
    let result = result.unwrap_or_else(|| panic!("no {key} result in the DOM:\n{dom}\n{}", String::from_utf8_lossy(&out.stderr)));
    Some((result, dom, server))
}

/// The browser test: headless Chromium loads the page, which shows test image 0 and then draws a
/// stroke with real pointer events through its own code (`/?selftest`); the DOM it dumps says
/// what the network predicted for both.
#[test]
fn a_browser_shows_test_image_0_and_reads_a_drawn_stroke() {
    let Some(model) = model("a_browser_shows_test_image_0") else { return };
    let Some((result, dom, _server)) = browser_result("a_browser_shows_test_image_0", &model, "?selftest", "selftest") else {
        return;
    };
    assert!(result.starts_with("test image 0 predicted 7; stroke predicted "), "{result}");
    // Drawn on the pad as the page opened: the input holds the stroke alone (a vertical bar a few
    // columns wide), not test image 0 (a 7 across most columns) under it.
    let columns = result.split("stroke input columns ").nth(1).and_then(|r| r.split(';').next()).unwrap_or_default();
    let (first, last) = columns.split_once('-').map(|(a, b)| (a.parse::<usize>().unwrap(), b.parse::<usize>().unwrap())).unwrap();
    assert!(last - first <= 6 && first >= 8 && last <= 20, "the input's inked columns: {columns} ({result})");
    // The page's own train panel ran 300 iterations: the curve has every loss, the DOM the end.
    assert!(result.contains("; trained: done 300 0.") && result.contains("loss points 300; epochs 1"), "{result}");
    // After the run the page still used the network it was started with; choosing the new one
    // switched it. Every backprop cell shows its number.
    assert!(result.contains("; using after the run: loaded; after choosing: trained;"), "{result}");
    assert!(result.contains("; cells with numbers: dout2 10, db2 10, before-relu 50, dout-affine1 50; dW1 tiles 8"), "{result}");
    let prediction = dom.split("<span id=\"prediction\">").nth(1).and_then(|r| r.chars().next()).unwrap();
    assert!(prediction.is_ascii_digit(), "the prediction is shown: {prediction}");
}

/// The graph view in a browser (`/?graphtest`, the page's own buttons and clicks): the apple
/// graph stepped to the node `apple` enters says upstream × local = result, and so does a click
/// on that edge; three apples make it 3.3; on a drawn digit, dW1's entry is written out as its
/// sum, one term for N = 1 and a hundred for N = 100, the sum equal to the entry, and the entry
/// the one the server's layers compute for the digit in the page's link.
#[test]
fn a_browser_steps_the_graph_view_and_each_entry_is_its_sum_of_terms() {
    let Some(model) = model("a_browser_steps_the_graph_view") else { return };
    let Some((result, _dom, server)) = browser_result("a_browser_steps_the_graph_view", &model, "?graphtest", "graphtest") else {
        return;
    };
    let line = |key: &str| result.lines().find_map(|l| l.strip_prefix(key)).unwrap_or_else(|| panic!("no {key:?} in {result}"));
    assert_eq!(line("apple step: "), "∂price/∂apple = 1.1 × 2 = 2.2");
    assert_eq!(line("clicked: "), "∂price/∂apple = 1.1 × 2 = 2.2");
    assert_eq!(line("three: "), "∂price/∂apple = 1.1 × 3 = 3.3");
    // One step into the network's graph, most numbers are not there yet.
    assert!(line("pending after one step: ").parse::<usize>().unwrap() > 15, "{result}");
    let mut shown = Vec::new();
    for (key, terms) in [("N=1 ", 1), ("N=100 ", 100)] {
        let parts: Vec<&str> = line(key).split("; ").collect();
        assert_eq!(parts[0], format!("terms {terms}"), "{result}");
        assert!(parts[1].starts_with("dW1[") && parts[1].contains(&format!("k = 0…{}", terms - 1)), "{result}");
        // "Σ = S = dW1[i][j] = V": the written-out sum is the entry.
        let numbers: Vec<&str> = parts[2].split(" = ").collect();
        assert_eq!(numbers.len(), 4, "{result}");
        assert_eq!(numbers[1], numbers[3], "the terms' sum is the entry shown: {result}");
        shown.push((numbers[2].to_string(), numbers[3].parse::<f64>().unwrap()));
    }
    // The link holds the drawn digit: the server's graph of it has the same dW1 entry.
    let link = line("link ");
    let query = link.split('?').nth(1).unwrap().split('#').next().unwrap();
    let param =
        |k: &str| query.split('&').find_map(|p| p.strip_prefix(&format!("{k}="))).unwrap_or_else(|| panic!("no {k} in {link}"));
    let pixels = base64url(param("digit"));
    assert_eq!(pixels.len(), 784);
    assert!(pixels.iter().any(|&p| p > 0), "the link's digit is the stroke");
    let (name, value) = &shown[1];
    let (row, col) = name.trim_start_matches("dW1[").trim_end_matches(']').split_once("][").unwrap();
    let pixels: Vec<f64> = pixels.iter().map(|&p| p as f64).collect();
    let body = format!(
        "{{\"graph\":\"net\",\"pixels\":{},\"label\":{},\"batch\":100,\"entry\":{{\"edge\":1,\"backward\":true,\"row\":{row},\"col\":{col}}}}}",
        pixels_json(&pixels),
        param("label")
    );
    let (status, answer) = server.post("/api/graph", &body);
    assert_eq!(status, 200, "{answer}");
    let Json::Object(entry) = &object(&answer)["entry"] else { panic!("{answer}") };
    assert_eq!(entry["value"], Json::Number(*value), "the page showed the server's entry");
    assert_eq!(entry["sum"], Json::Number(*value));
}

/// base64url without padding, as the page writes a digit into its link.
fn base64url(text: &str) -> Vec<u8> {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bits: Vec<u8> = text.bytes().map(|c| alphabet.iter().position(|&a| a == c).unwrap() as u8).collect();
    let mut out = Vec::new();
    let (mut acc, mut have) = (0u32, 0);
    for b in bits {
        acc = (acc << 6) | b as u32;
        have += 6;
        if have >= 8 {
            have -= 8;
            out.push((acc >> have) as u8);
            acc &= (1 << have) - 1;
        }
    }
    out
}

impl Server {
    /// Reads `GET /api/train/events` to its end: the JSON of each `data:` line. With `limit`,
    /// stops after that many events and drops the connection (a page closed mid-run).
    fn events(&self, limit: Option<usize>) -> Vec<std::collections::BTreeMap<String, Json>> {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        write!(stream, "GET /api/train/events HTTP/1.1\r\nHost: {}\r\n\r\n", self.address).unwrap();
        let mut reader = BufReader::new(stream);
        let mut events = Vec::new();
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            if let Some(data) = line.trim_end().strip_prefix("data: ") {
                events.push(object(data));
                if limit == Some(events.len()) {
                    break;
                }
            }
            line.clear();
        }
        events
    }

    /// Follows the run's events until iteration `n` is reached (seen in an `iteration` event or
    /// a `history`): awaited, not timed.
    fn wait_for_iteration(&self, n: usize) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        write!(stream, "GET /api/train/events HTTP/1.1\r\nHost: {}\r\n\r\n", self.address).unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            if let Some(data) = line.trim_end().strip_prefix("data: ") {
                let event = object(data);
                let reached = match (&event.get("i"), kind(&event).as_str()) {
                    (Some(Json::Number(i)), "iteration") => *i as usize >= n,
                    (Some(Json::Array(i)), "history") => i.iter().any(|i| matches!(i, Json::Number(i) if *i as usize >= n)),
                    _ => false,
                };
                assert!(!["done", "stopped", "failed"].contains(&kind(&event).as_str()), "the run ended before iteration {n}");
                if reached {
                    return;
                }
            }
            line.clear();
        }
        panic!("the events ended before iteration {n}");
    }

    /// How many sockets the server process has open (`/proc/PID/fd`).
    fn sockets(&self) -> usize {
        let fds = std::fs::read_dir(format!("/proc/{}/fd", self.child.id())).unwrap();
        fds.flatten().filter(|fd| std::fs::read_link(fd.path()).is_ok_and(|l| l.to_string_lossy().starts_with("socket:"))).count()
    }
}

/// Waits (polling, with a generous deadline) until `ready` holds.
#[track_caller]
fn await_until(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < Duration::from_secs(120), "{what}: not after 120 s");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn kind(event: &std::collections::BTreeMap<String, Json>) -> String {
    match &event["type"] {
        Json::String(s) => s.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn training_from_the_page_streams_every_iteration_and_matches_make_train() {
    let Some(model) = model("training_from_the_page_streams_every_iteration") else { return };
    let data = common::mnist("training_from_the_page_streams_every_iteration").unwrap();
    let server = Server::start(&model);
    assert_eq!(server.post("/api/train", "{\"iters_num\": 700, \"seed\": 3}").0, 202);
    let (status, body) = server.post("/api/train", "{\"iters_num\": 700, \"seed\": 3}");
    assert_eq!(
        (status, object(&body)["error"].clone()),
        (409, Json::String("a training run is already going; stop it first (POST /api/train/stop)".into()))
    );
    // A page that connects mid-run gets the run from its start; a page closed mid-run ends only
    // its own stream.
    assert_eq!(kind(&server.events(Some(5))[0]), "start");
    let events = server.events(None);
    let kinds: Vec<String> = events.iter().map(kind).collect();
    assert_eq!(kinds[0], "start");
    assert_eq!(kinds[1], "history", "a page that joins mid-run gets the losses so far");
    assert_eq!(kinds.last().map(String::as_str), Some("done"));
    // Every iteration's loss, from the history and then one event per iteration.
    let mut losses = vec![None; 700];
    let (Json::Array(at), Json::Array(history)) = (&events[1]["i"], &events[1]["loss"]) else { panic!("{:?}", events[1]) };
    for (i, loss) in at.iter().zip(history) {
        let (Json::Number(i), Json::Number(loss)) = (i, loss) else { panic!() };
        losses[*i as usize] = Some(*loss);
    }
    for e in events.iter().filter(|e| kind(e) == "iteration") {
        let (Json::Number(i), Json::Number(loss)) = (&e["i"], &e["loss"]) else { panic!("{e:?}") };
        losses[*i as usize] = Some(*loss);
    }
    // The same `train` function as `make train`: the same losses, bit for bit, and the same
    // epoch accuracies.
    let config = TrainConfig { iters_num: 700, seed: 3, ..TrainConfig::default() };
    let outcome = train(&config, data, &mut |_| std::ops::ControlFlow::Continue(()));
    for (i, (got, loss)) in losses.iter().zip(&outcome.history.train_loss_list).enumerate() {
        assert_eq!(*got, Some(*loss), "iteration {i}");
    }
    let epochs: Vec<_> = events.iter().filter(|e| kind(e) == "epoch").collect();
    assert_eq!(epochs.len(), 2, "epochs at i = 0 and i = 600");
    for (k, e) in epochs.iter().enumerate() {
        assert_eq!(e["train_acc"], Json::Number(outcome.history.train_acc_list[k]));
        assert_eq!(e["test_acc"], Json::Number(outcome.history.test_acc_list[k]));
    }
    // And the lines `make train ARGS="--iters-num 700 --seed 3"` prints.
    let out_dir = common::temp_dir("serve-train-compare");
    let printed = common::command("train").args(["--iters-num", "700", "--seed", "3", "--out"]).arg(&out_dir).output().unwrap();
    let lines: Vec<String> =
        String::from_utf8_lossy(&printed.stdout).lines().filter(|l| l.starts_with("train acc")).map(str::to_string).collect();
    let streamed: Vec<String> =
        epochs.iter().map(|e| if let Json::String(l) = &e["line"] { l.clone() } else { panic!() }).collect();
    assert_eq!(streamed, lines);
    let _ = std::fs::remove_dir_all(&out_dir);
    // The page keeps the network it was started with until the learner chooses the new one;
    // both stay selectable.
    let pixels = numbers(&object(&server.get("/api/test/0").1)["pixels"]);
    let probabilities = || {
        let answer = object(&server.post("/api/predict", &format!("{{\"pixels\":{}}}", pixels_json(&pixels))).1);
        numbers(&answer["probabilities"])
    };
    let info = object(&server.get("/api/model").1);
    let loaded_source = info["source"].clone();
    assert_eq!((&info["using"], &info["loaded_source"]), (&Json::String("loaded".into()), &loaded_source));
    assert!(
        matches!(&info["trained_source"], Json::String(s) if s.starts_with("trained on this page: seed 3, 700 iterations")),
        "{info:?}"
    );
    let mut loaded = TwoLayerNet::load_params(&model).unwrap();
    assert_eq!(probabilities(), softmax(&loaded.predict(&input_row(&pixels))).data);
    let (status, answer) = server.post("/api/use", "{\"network\": \"trained\"}");
    assert_eq!(status, 200, "{answer}");
    let info = object(&answer);
    assert_eq!((&info["using"], &info["source"]), (&Json::String("trained".into()), &info["trained_source"]));
    let mut network = outcome.network.clone();
    assert_eq!(probabilities(), softmax(&network.predict(&input_row(&pixels))).data);
    assert_eq!(object(&server.post("/api/use", "{\"network\": \"loaded\"}").1)["source"], loaded_source);
    assert_eq!(probabilities(), softmax(&loaded.predict(&input_row(&pixels))).data);
}

#[test]
fn training_settings_that_cannot_work_are_refused_and_a_run_can_be_stopped_and_saved() {
    let Some(model) = model("training_settings_that_cannot_work") else { return };
    let server = Server::start(&model);
    for (body, message) in [
        ("{\"iters_num\": 0}", "iters_num: iters_num must be at least 1"),
        ("{\"learning_rate\": -1}", "learning_rate: learning_rate must be a positive number, not -1.0"),
        ("{\"learning_rate\": \"fast\"}", "learning_rate must be a number"),
        ("{\"hidden_size\": 100000000}", "hidden_size: hidden_size is too large"),
        ("{\"batch_size\": 2.5}", "batch_size is 2.5, not a whole number from 0 to 4294967295"),
        ("{\"seed\": 4294967296}", "seed is 4294967296, not a whole number from 0 to 4294967295"),
        ("{\"method\": \"magic\"}", "method must be \"backprop\" or \"numerical\""),
        ("{\"epochs\": 3}", "unknown setting \"epochs\"; the settings are iters_num, batch_size, hidden_size, learning_rate, weight_init_std, seed, method"),
    ] {
        let (status, answer) = server.post("/api/train", body);
        assert_eq!(status, 400, "{body}: {answer}");
        assert!(matches!(&object(&answer)["error"], Json::String(e) if e.starts_with(message)), "{body}: {answer}");
    }
    assert_eq!(server.post("/api/train/stop", "{}").0, 409, "nothing to stop");
    assert_eq!(server.post("/api/train/save", "{\"name\": \"x.bin\"}").0, 409, "nothing trained yet");
    let (status, answer) = server.post("/api/use", "{\"network\": \"trained\"}");
    assert_eq!(
        (status, object(&answer)["error"].clone()),
        (409, Json::String("no network has been trained to its end on this page yet".into()))
    );
    for (body, message) in [
        ("{\"network\": \"mine\"}", "network must be \"loaded\" or \"trained\""),
        ("{\"network\": \"loaded\", \"x\": 1}", "unknown key \"x\"; say which network, e.g. {\"network\": \"loaded\"}"),
    ] {
        let (status, answer) = server.post("/api/use", body);
        assert_eq!((status, object(&answer)["error"].clone()), (400, Json::String(message.into())), "{body}");
    }
    // A long run, stopped after a few iterations: it ends, and the page keeps its network.
    assert_eq!(server.post("/api/train", "{\"iters_num\": 100000}").0, 202);
    let first = server.events(Some(20));
    assert_eq!(kind(&first[0]), "start");
    let (status, answer) = server.post("/api/train/save", "{\"name\": \"x.bin\"}");
    assert_eq!(status, 409, "no save during a run: {answer}");
    assert!(answer.contains("a training run is going"), "{answer}");
    assert_eq!(server.post("/api/train/stop", "{}").0, 200);
    let events = server.events(None);
    let last = events.last().unwrap();
    assert_eq!(kind(last), "stopped");
    let Json::Number(iterations) = last["iterations"] else { panic!() };
    assert!((1.0..100000.0).contains(&iterations), "{iterations}");
    assert_eq!(server.post("/api/train/save", "{\"name\": \"x.bin\"}").0, 409, "a stopped run trained nothing to keep");
    // A short run to its end, whose network is saved.
    assert_eq!(server.post("/api/train", "{\"iters_num\": 50}").0, 202);
    assert_eq!(kind(server.events(None).last().unwrap()), "done");
    // Saved under a plain name only, never over a file unless asked.
    let name = format!("serve-test-{}.bin", std::process::id());
    let saved = common::target_dir().join("page-models").join(&name);
    let _ = std::fs::remove_file(&saved);
    assert_eq!(server.post("/api/train/save", "{\"name\": \"../model.bin\"}").0, 400);
    assert_eq!(server.post("/api/train/save", &format!("{{\"name\": \"{name}\"}}")).0, 200);
    let (status, answer) = server.post("/api/train/save", &format!("{{\"name\": \"{name}\"}}"));
    assert_eq!((status, object(&answer)["exists"].clone()), (409, Json::Bool(true)));
    assert_eq!(server.post("/api/train/save", &format!("{{\"name\": \"{name}\", \"overwrite\": true}}")).0, 200);
    // A folder or a link under the name is a conflict, saying what is there, and stays as it was
    // (it answered 500 before), overwrite or not.
    let (folder, link) = (saved.with_extension("folder"), saved.with_extension("link"));
    std::fs::create_dir_all(&folder).unwrap();
    let _ = std::fs::remove_file(&link);
    common::symlink(&saved, &link).unwrap();
    for (there, what) in [(&folder, "is a folder, not a file"), (&link, "is a symbolic link; it is never replaced")] {
        let file = there.file_name().unwrap().to_str().unwrap();
        for overwrite in [false, true] {
            let (status, answer) =
                server.post("/api/train/save", &format!("{{\"name\": \"{file}\", \"overwrite\": {overwrite}}}"));
            assert_eq!(status, 409, "{file} {overwrite}: {answer}");
            assert_eq!(object(&answer)["error"], Json::String(format!("{}: {what}", there.display())), "{answer}");
        }
    }
    assert!(folder.is_dir() && std::fs::read_link(&link).unwrap() == saved);
    let _ = (std::fs::remove_dir(&folder), std::fs::remove_file(&link));
    // Booleans only as booleans, and no key it does not know.
    for (body, message) in [
        (format!("{{\"name\": \"{name}\", \"overwrite\": \"yes\"}}"), "overwrite must be true or false"),
        (format!("{{\"name\": \"{name}\", \"overwrite\": 1}}"), "overwrite must be true or false"),
        (format!("{{\"name\": \"{name}\", \"overwite\": true}}"), "unknown key \"overwite\""),
    ] {
        let (status, answer) = server.post("/api/train/save", &body);
        assert_eq!(status, 400, "{body}: {answer}");
        assert!(matches!(&object(&answer)["error"], Json::String(e) if e.starts_with(message)), "{body}: {answer}");
    }
    assert_eq!(TwoLayerNet::load_params(&saved).unwrap().sizes(), (784, 50, 10));
    let _ = std::fs::remove_file(&saved);
    assert_eq!(server.post("/api/train", "{\"iters_num\": 100000, \"method\": \"backprop\"}").0, 202);
    assert_eq!(server.post("/api/train/stop", "{}").0, 200);
    assert_eq!(kind(server.events(None).last().unwrap()), "stopped");
}

#[test]
fn the_numerical_gradient_reports_its_estimated_progress() {
    let Some(model) = model("the_numerical_gradient_reports_its_progress") else { return };
    let server = Server::start(&model);
    // About 2 × 15910 losses of a batch of 50: a second or two, so a few estimates at 5 a second.
    assert_eq!(
        server.post("/api/train", "{\"method\": \"numerical\", \"iters_num\": 1, \"hidden_size\": 20, \"batch_size\": 50}").0,
        202
    );
    let events = server.events(None);
    let progress: Vec<_> = events.iter().filter(|e| kind(e) == "progress").collect();
    let total = 784 * 20 + 20 + 20 * 10 + 10;
    assert!(progress.len() >= 2, "{} progress events", progress.len());
    let done: Vec<f64> = progress.iter().map(|e| if let Json::Number(n) = e["done"] { n } else { panic!("{e:?}") }).collect();
    assert!(done.windows(2).all(|w| w[0] <= w[1]), "estimates within one gradient only grow: {done:?}");
    assert!(done.iter().all(|&d| d < total as f64), "an estimate never claims the whole gradient before it ends: {done:?}");
    assert!(progress.iter().all(|e| e["total"] == Json::Number(total as f64)));
    assert_eq!(kind(events.last().unwrap()), "done");
}

/// The server process's resident memory in MiB (`VmRSS`).
fn rss_mib(server: &Server) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

#[test]
fn idle_connections_and_open_event_streams_never_delay_other_requests() {
    // The failure this guards against: 20 idle sockets delayed `GET /` by 6 s, and eight event
    // streams held all eight workers, so that /api/model and stop got no answer for 20 s.
    let Some(model) = model("idle_connections_never_delay") else { return };
    let server = Server::start(&model);
    let idle: Vec<TcpStream> = (0..80).map(|_| TcpStream::connect(&server.address).unwrap()).collect();
    let start = Instant::now();
    assert_eq!(server.get("/").0, 200);
    let with_idle = start.elapsed();
    assert_eq!(server.post("/api/train", "{\"iters_num\": 100000}").0, 202);
    // Eight event streams, each answered (its status line read) before going on.
    let streams: Vec<BufReader<TcpStream>> = (0..8)
        .map(|_| {
            let mut s = TcpStream::connect(&server.address).unwrap();
            write!(s, "GET /api/train/events HTTP/1.1\r\nHost: {}\r\n\r\n", server.address).unwrap();
            let mut reader = BufReader::new(s);
            let mut status = String::new();
            reader.read_line(&mut status).unwrap();
            assert!(status.starts_with("HTTP/1.1 200"), "{status}");
            reader
        })
        .collect();
    let start = Instant::now();
    assert_eq!(server.get("/api/model").0, 200);
    let model_time = start.elapsed();
    let start = Instant::now();
    assert_eq!(server.post("/api/train/stop", "{}").0, 200);
    let stop_time = start.elapsed();
    println!("GET / with 80 idle sockets: {with_idle:?}; with 8 event streams: /api/model {model_time:?}, stop {stop_time:?}");
    // Delayed, they waited for a socket to close (20 s and more); answered, they take
    // milliseconds. The bound is a loaded machine's, not a benchmark (make bench measures).
    for t in [with_idle, model_time, stop_time] {
        assert!(t < Duration::from_secs(10), "{t:?}");
    }
    drop((idle, streams));
}

#[test]
fn connections_and_event_streams_are_capped_and_refused_at_once() {
    let Some(model) = model("connections_are_capped") else { return };
    let server = Server::start(&model);
    assert_eq!(server.post("/api/train", "{\"iters_num\": 100000}").0, 202);
    // MAX_STREAMS (16) event streams: the 17th is refused with 503.
    let streams: Vec<BufReader<TcpStream>> = (0..16)
        .map(|_| {
            let mut s = TcpStream::connect(&server.address).unwrap();
            write!(s, "GET /api/train/events HTTP/1.1\r\nHost: {}\r\n\r\n", server.address).unwrap();
            let mut reader = BufReader::new(s);
            let mut status = String::new();
            reader.read_line(&mut status).unwrap();
            assert!(status.starts_with("HTTP/1.1 200"), "{status}");
            reader
        })
        .collect();
    let (status, body) = server.get("/api/train/events");
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("16 pages are already following this run"), "{body}");
    drop(streams);
    assert_eq!(server.post("/api/train/stop", "{}").0, 200);
    // MAX_CONNECTIONS (256) open connections: one more is refused at once, and answers resume
    // as soon as they close.
    await_until("the 16 event streams closed", || server.sockets() <= 1);
    let idle: Vec<TcpStream> = (0..256).map(|_| TcpStream::connect(&server.address).unwrap()).collect();
    await_until("the server took the 256 connections", || server.sockets() > 256);
    // Answered while all 256 stay open (a server that waited for one to close would give no
    // answer within the read timeout: status 0).
    let (status, body) = server.get("/");
    assert_eq!(status, 503, "{body}");
    drop(idle);
    await_until("serving again once the 256 closed", || server.get("/").0 == 200);
}

#[test]
fn a_long_fast_run_with_slow_joiners_keeps_the_servers_memory_bounded() {
    // The failure this guards against: the event log grew without bound (a run with batch_size 1
    // took the server from 64 to 283 MiB in 30 s) and eight slow joiners pushed it to 1717 MiB.
    let Some(model) = model("the_servers_memory_stays_bounded") else { return };
    let server = Server::start(&model);
    let before = rss_mib(&server);
    assert_eq!(server.post("/api/train", "{\"iters_num\": 100000, \"batch_size\": 1}").0, 202);
    server.wait_for_iteration(10_000);
    // Eight joiners that ask for the events and never read them.
    let slow: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut s = TcpStream::connect(&server.address).unwrap();
            write!(s, "GET /api/train/events HTTP/1.1\r\nHost: {}\r\n\r\n", server.address).unwrap();
            s
        })
        .collect();
    server.wait_for_iteration(30_000);
    let during = rss_mib(&server);
    let (iterations, _) = {
        let events = server.events(Some(2));
        let Json::Array(i) = &events[1]["i"] else { panic!("{:?}", events[1]) };
        (i.len(), ())
    };
    assert_eq!(server.post("/api/train/stop", "{}").0, 200);
    drop(slow);
    println!("server memory: {before:.1} MiB before, {during:.1} MiB after 30000 iterations of a batch-1 run with 8 slow joiners (history of {iterations} points)");
    assert!(during < before + 64.0, "{before:.1} -> {during:.1} MiB");
}

#[test]
fn stop_ends_any_run_at_once_numerical_included() {
    // The failure this guards against: stop answered 200 and a numerical run went on (one with
    // hidden_size 1000 and batch_size 1000 is about 38 hours of both cores).
    let Some(model) = model("stop_ends_any_run_at_once") else { return };
    let server = Server::start(&model);
    for body in ["{\"method\": \"numerical\", \"iters_num\": 5}", "{\"iters_num\": 100000}"] {
        assert_eq!(server.post("/api/train", body).0, 202);
        // Under way: its first estimate of progress (numerical) or its first iteration.
        let first = server.events(Some(3));
        assert!(first.iter().all(|e| !["done", "stopped"].contains(&kind(e).as_str())), "{first:?}");
        let start = Instant::now();
        assert_eq!(server.post("/api/train/stop", "{}").0, 200);
        assert_eq!(kind(server.events(None).last().unwrap()), "stopped");
        let stopped = start.elapsed();
        println!("{body}: stopped {stopped:?} after the stop");
        // A run that went on would not be stopped for minutes (a numerical one, for hours).
        assert!(stopped < Duration::from_secs(10), "{body}: {stopped:?}");
    }
    // The run's thread and process are free: a new run starts at once.
    assert_eq!(server.post("/api/train", "{\"iters_num\": 10}").0, 202);
    assert_eq!(kind(server.events(None).last().unwrap()), "done");
}

#[test]
fn page_runs_have_their_own_limits_and_weights_a_bounded_answer() {
    let Some(model) = model("page_runs_have_their_own_limits") else { return };
    let server = Server::start(&model);
    for (body, message, hint) in [
        (
            "{\"iters_num\": 1000000}",
            "iters_num: iters_num is 1000000, more than the page runs (100000 at most)",
            "the largest iters_num the page accepts is 100000",
        ),
        (
            "{\"method\": \"numerical\", \"iters_num\": 1000}",
            "iters_num: iters_num is 1000, more than the page runs (100 at most with the numerical gradient)",
            "the largest iters_num the page accepts is 100",
        ),
        (
            "{\"hidden_size\": 100000}",
            "hidden_size: hidden_size is too large: hidden_size 100000 with batch_size 100 needs about",
            "the largest hidden_size that fits with batch_size 100 is ",
        ),
        (
            "{\"batch_size\": 1000000}",
            "batch_size: batch_size is too large: hidden_size 50 with batch_size 1000000 needs about",
            "the largest batch_size that fits with hidden_size 50 is ",
        ),
    ] {
        let (status, answer) = server.post("/api/train", body);
        assert_eq!(status, 400, "{body}: {answer}");
        let answer = object(&answer);
        assert!(matches!(&answer["error"], Json::String(e) if e.starts_with(message)), "{body}: {answer:?}");
        assert!(matches!(&answer["hint"], Json::String(h) if h.starts_with(hint)), "{body}: {answer:?}");
    }
    let (_, answer) = server.post("/api/train", "{\"hidden_size\": 100000}");
    assert!(answer.contains("is the page's limit"), "{answer}");
    // A network of 200 hidden units: /api/weights sends 100 of its columns.
    let dir = common::temp_dir("serve-wide");
    let out = common::command("train")
        .args(["--iters-num", "1", "--limit", "100", "--hidden-size", "200", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let wide = Server::start(&dir.join("model.bin"));
    let weights = object(&wide.get("/api/weights").1);
    let Json::Array(columns) = &weights["columns"] else { panic!() };
    assert_eq!(
        (weights["hidden"].clone(), weights["shown"].clone(), columns.len()),
        (Json::Number(200.0), Json::Number(100.0), 100)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_host_check_is_always_on_and_knows_the_servers_own_names() {
    // The failures this guards against: with --host 0.0.0.0 any Host was served (DNS
    // rebinding); `LOCALHOST:P` and a Host without the port were refused; the page could be framed.
    let Some(model) = model("the_host_check_is_always_on") else { return };
    for flags in [&[][..], &["--host", "0.0.0.0", "--allow-host", "My-Laptop.local,127.0.0.1,my-laptop.local"][..]] {
        let server = Server::start_with(&model, flags);
        let port = server.address.rsplit(':').next().unwrap().to_string();
        let get = |host: &str| server.raw(format!("GET /api/model HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes()).0;
        for host in [
            format!("127.0.0.1:{port}"),
            format!("LOCALHOST:{port}"),
            "localhost".into(),
            "127.0.0.1".into(),
            format!("[::1]:{port}"),
        ] {
            assert_eq!(get(&host), 200, "{flags:?} Host: {host}");
        }
        for host in
            ["evil.example".to_string(), format!("evil.example:{port}"), "127.0.0.1:1".into(), format!("127.0.0.2:{port}")]
        {
            assert_eq!(get(&host), 403, "{flags:?} Host: {host}");
        }
        assert_eq!(get("my-laptop.local"), if flags.is_empty() { 403 } else { 200 }, "{flags:?}");
        // Each name once in the refusal (127.0.0.1 bound by default, or given again, was twice).
        let refusal = server.raw(b"GET /api/model HTTP/1.1\r\nHost: evil.example\r\n\r\n").1;
        assert_eq!(refusal.matches("127.0.0.1").count(), 1, "{refusal}");
        let mut stream = TcpStream::connect(&server.address).unwrap();
        write!(stream, "GET / HTTP/1.1\r\nHost: {}\r\n\r\n", server.address).unwrap();
        let mut head = String::new();
        stream.read_to_string(&mut head).unwrap();
        assert!(head.contains("X-Frame-Options: DENY") && head.contains("Content-Security-Policy: frame-ancestors 'none'"));
    }
}

#[test]
fn a_page_run_killed_from_outside_says_how_it_ended() {
    // The failure this guards against: the page said
    // `train ended without a result (Some(Ok(ExitStatus(unix_wait_status(9)))))`.
    let Some(model) = model("a_page_run_killed_from_outside") else { return };
    let server = Server::start(&model);
    assert_eq!(server.post("/api/train", "{\"iters_num\": 100, \"method\": \"numerical\"}").0, 202);
    // The server sends "start" once the run's process is spawned, so it is there to be found.
    assert_eq!(kind(&server.events(Some(1))[0]), "start");
    // Linux lists each thread's children in /proc; the run was started by one of the server's.
    let tasks = std::fs::read_dir(format!("/proc/{}/task", server.child.id())).unwrap();
    let children: Vec<String> = tasks
        .flatten()
        .map(|task| std::fs::read_to_string(task.path().join("children")).unwrap_or_default())
        .flat_map(|pids| pids.split_whitespace().map(String::from).collect::<Vec<_>>())
        .collect();
    assert!(!children.is_empty(), "the page run's train process was not found under the server");
    for pid in &children {
        let _ = Command::new("kill").args(["-9", pid]).status();
    }
    let last = server.events(None).pop().unwrap();
    assert_eq!(kind(&last), "error", "{last:?}");
    let Json::String(error) = &last["error"] else { panic!("{last:?}") };
    assert_eq!(
        error,
        "the training process ended without a result (signal: 9 (SIGKILL)); it may have been killed, e.g. for lack of memory"
    );
}

#[test]
fn two_saves_of_one_new_name_cannot_both_succeed() {
    // The failure this guards against: of 40 concurrent saves of one new name without
    // overwrite, 3 answered 200.
    let Some(model) = model("two_saves_of_one_new_name") else { return };
    let server = Arc::new(Server::start(&model));
    assert_eq!(server.post("/api/train", "{\"iters_num\": 20}").0, 202);
    assert_eq!(kind(server.events(None).last().unwrap()), "done");
    let name = format!("serve-race-{}.bin", std::process::id());
    let saved = common::target_dir().join("page-models").join(&name);
    let _ = std::fs::remove_file(&saved);
    let answers: Vec<u16> = (0..40)
        .map(|_| {
            let (server, body) = (Arc::clone(&server), format!("{{\"name\": \"{name}\"}}"));
            std::thread::spawn(move || server.post("/api/train/save", &body).0)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    assert_eq!(answers.iter().filter(|&&s| s == 200).count(), 1, "{answers:?}");
    assert_eq!(answers.iter().filter(|&&s| s == 409).count(), 39, "{answers:?}");
    assert_eq!(TwoLayerNet::load_params(&saved).unwrap().sizes(), (784, 50, 10));
    let _ = std::fs::remove_file(&saved);
}

#[test]
fn requests_are_read_as_strictly_as_http_says() {
    // The failures this guards against: `Content-Length: +N`, `HTTP/1.9`, `Host : x` and
    // `application/jsonx` were accepted, `Application/JSON` refused, a bare-LF request dropped.
    let Some(model) = model("requests_are_read_strictly") else { return };
    let server = Server::start(&model);
    let host = &server.address;
    let post = |content_type: &str, length: &str| {
        let body = "{\"graph\":\"apple\",\"apple\":100,\"apple_num\":2,\"tax\":1.1}";
        let length = if length.is_empty() { body.len().to_string() } else { length.to_string() };
        let head = format!(
            "POST /api/graph HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\n\r\n"
        );
        server.raw(format!("{head}{body}").as_bytes()).0
    };
    assert_eq!(post("application/json", ""), 200);
    assert_eq!(post("Application/JSON; charset=utf-8", ""), 200, "media types are case-insensitive");
    assert_eq!(post("application/jsonx", ""), 415);
    assert_eq!(post("application/json", "+53"), 400);
    assert_eq!(post("application/json", "5 3"), 400);
    assert_eq!(server.raw(format!("GET / HTTP/1.9\r\nHost: {host}\r\n\r\n").as_bytes()).0, 505);
    assert_eq!(server.raw(format!("GET / HTTP/2\r\nHost: {host}\r\n\r\n").as_bytes()).0, 505);
    assert_eq!(server.raw(format!("GET / HTTP/1.1\r\nHost : {host}\r\n\r\n").as_bytes()).0, 400);
    assert_eq!(server.raw(format!("GET / HTTP/1.1\r\nHost: {host}\r\nX Bad: 1\r\n\r\n").as_bytes()).0, 400);
    assert_eq!(server.raw(format!("GET / HTTP/1.1\nHost: {host}\n\n").as_bytes()).0, 200, "bare LF is accepted");
    assert_eq!(server.get("/").0, 200, "still serving");
}

#[test]
fn running_out_of_file_descriptors_is_answered_not_spun_on() {
    // The failure this guards against: with the file limit at 256 (macOS's default) the accept
    // loop spun at 100% CPU on EMFILE and answered nothing.
    let Some(model) = model("running_out_of_file_descriptors") else { return };
    let command = format!("ulimit -n 64 && exec {} --port 0 --model {}", env!("CARGO_BIN_EXE_serve"), model.display());
    let mut child = Command::new("sh")
        .args(["-c", &command])
        .env(backprop::lab::settings::TARGET_ENV, common::target_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let address = line.strip_prefix("serving http://").and_then(|r| r.split('/').next()).unwrap().to_string();
    let server = Server { child, address };
    // More idle connections than the server has descriptors left.
    let idle: Vec<TcpStream> = (0..80).filter_map(|_| TcpStream::connect(&server.address).ok()).collect();
    // Awaited: the moment the server has no descriptor left for a new connection.
    let mut refused = (0, String::new());
    await_until("503 once the descriptors are used up", || {
        refused = server.get("/api/model");
        refused.0 == 503
    });
    let cpu = || {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", server.child.id())).unwrap_or_default();
        let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
        fields.get(11).and_then(|u| u.parse::<f64>().ok()).unwrap_or(0.0)
            + fields.get(12).and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0)
    };
    let before = cpu();
    assert!(refused.1.contains("file descriptors"), "{}", refused.1);
    // A window to measure in (not a wait for an event): a spinning loop would use it all.
    std::thread::sleep(Duration::from_secs(2));
    let ticks = cpu() - before;
    println!("with its descriptors used up, the server used {ticks} clock ticks of CPU in 2 s");
    assert!(ticks < 50.0, "{ticks} ticks in 2 s: spinning");
    drop(idle);
    // Answers resume once those connections are gone (each is read, found closed, and freed).
    let start = Instant::now();
    await_until("serving again once the idle connections closed", || server.get("/api/model").0 == 200);
    println!("serving again {:?} after the idle connections closed", start.elapsed());
}

#[test]
fn two_hundred_and_fifty_concurrent_mistakes_cost_one_computation_and_bounded_memory() {
    // The failure this guards against: 250 concurrent `GET /api/mistakes` took the server from
    // 70 MB to 3.29 GB and 805 threads, each request running the 10000 test images itself.
    let Some(model) = model("concurrent_mistakes") else { return };
    let server = Server::start(&model);
    assert_eq!(server.get("/api/model").0, 200);
    let before = rss_mib(&server);
    let server = &server;
    let answers: Vec<(u16, String)> = std::thread::scope(|s| {
        let handles: Vec<_> =
            (0..250).map(|i| s.spawn(move || server.get(if i % 5 == 0 { "/api/weights" } else { "/api/mistakes" }))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let after = rss_mib(server);
    println!("250 concurrent /api/mistakes and /api/weights: resident memory {before:.1} MiB before, {after:.1} MiB after");
    assert!(answers.iter().all(|(status, _)| *status == 200), "{:?}", answers.iter().map(|a| a.0).collect::<Vec<_>>());
    // One answer each, the same bytes for every request (a bug that served one for the other
    // or a half-computed one would show here), and the mistakes are predict's.
    for (i, (_, body)) in answers.iter().enumerate() {
        assert_eq!(body, &answers[if i % 5 == 0 { 0 } else { 1 }].1);
    }
    let mistakes = object(&answers[1].1);
    assert_eq!(mistakes["of"], Json::Number(10000.0));
    let indices = numbers(&mistakes["indices"]);
    let first = indices[0] as usize;
    let predicted = object(
        &server
            .post(
                "/api/predict",
                &format!(
                    "{{\"pixels\":{}}}",
                    pixels_json(&numbers(&object(&server.get(&format!("/api/test/{first}")).1)["pixels"]))
                ),
            )
            .1,
    );
    assert_eq!(predicted["prediction"], numbers(&mistakes["predicted"]).first().map(|&p| Json::Number(p)).unwrap());
    // Before the fix this grew by gigabytes; one computation needs some tens of MiB.
    assert!(after - before < 300.0, "{before:.1} MiB → {after:.1} MiB");
}

#[test]
fn requests_that_the_browser_says_come_from_another_site_are_refused_gets_included() {
    // The failure this guards against: a page on another origin could make the server compute
    // with 300 `<img src=".../api/mistakes">` tags (a GET passes the Host and Content-Type checks).
    let Some(model) = model("requests_from_another_site") else { return };
    let server = Server::start(&model);
    let with = |method: &str, path: &str, header: &str| {
        let body = if method == "POST" { "{\"network\":\"loaded\"}" } else { "" };
        let head =
            format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n{header}\r\n", server.address);
        server.raw(format!("{head}Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes())
    };
    for (method, path) in [("GET", "/api/mistakes"), ("GET", "/api/weights"), ("GET", "/api/test/0"), ("POST", "/api/use")] {
        for site in ["cross-site", "same-site"] {
            let (status, body) = with(method, path, &format!("Sec-Fetch-Site: {site}"));
            assert_eq!(status, 403, "{method} {path} {site}: {body}");
            assert_eq!(
                object(&body)["error"],
                Json::String(format!(
                    "this server answers its own page only, not a request from another site (Sec-Fetch-Site: {site})"
                ))
            );
        }
        for origin in ["http://evil.example", "null", "https://127.0.0.1", "http://127.0.0.1:1"] {
            let (status, body) = with(method, path, &format!("Origin: {origin}"));
            assert_eq!(status, 403, "{method} {path} {origin}: {body}");
            assert_eq!(
                object(&body)["error"],
                Json::String(format!("this server answers its own page only, not a request from {origin}"))
            );
        }
        // Its own page, and the learner typing the address, are answered.
        assert_eq!(with(method, path, "Sec-Fetch-Site: same-origin").0, 200, "{method} {path}");
        assert_eq!(with(method, path, "Sec-Fetch-Site: none").0, 200, "{method} {path}");
        assert_eq!(with(method, path, &format!("Origin: http://{}", server.address)).0, 200, "{method} {path}");
    }
    // A link from another site to the page itself still opens it.
    assert_eq!(with("GET", "/", "Sec-Fetch-Site: cross-site").0, 200);
}

#[test]
fn the_folder_of_a_page_run_whose_server_was_killed_is_removed_by_the_next_run() {
    // The failure this guards against: a killed server left an empty target/page-runs/run-PID-N.
    let Some(model) = model("the_folder_of_a_killed_servers_run") else { return };
    let mut server = Server::start(&model);
    assert_eq!(server.post("/api/train", "{\"iters_num\": 100, \"method\": \"numerical\"}").0, 202);
    assert_eq!(kind(&server.events(Some(1))[0]), "start");
    let runs = common::target_dir().join("page-runs");
    let folder = runs.join(format!("run-{}-0", server.child.id()));
    // Its train process: killed with the server (as a closed terminal or an OOM kill would end both).
    let tasks = std::fs::read_dir(format!("/proc/{}/task", server.child.id())).unwrap();
    let children: Vec<String> = tasks
        .flatten()
        .flat_map(|task| {
            std::fs::read_to_string(task.path().join("children"))
                .unwrap_or_default()
                .split_whitespace()
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect();
    await_until("the run's folder", || folder.is_dir());
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    for pid in &children {
        let _ = Command::new("kill").args(["-9", pid]).status();
    }
    await_until("the run's process to end", || {
        children.iter().all(|pid| !std::path::Path::new(&format!("/proc/{pid}")).exists())
    });
    // (A page run of a test running beside this one may remove the folder from here on.)
    // A folder of a dead server whose run is still going (it holds the folder's lock) is kept.
    let busy = runs.join("run-4194304-0");
    std::fs::create_dir_all(&busy).unwrap();
    std::fs::write(busy.join(".backprop.lock"), format!("{} -\n", std::process::id())).unwrap();
    let next = Server::start(&model);
    assert_eq!(next.post("/api/train", "{\"iters_num\": 1}").0, 202);
    assert!(!folder.exists(), "{} is still there", folder.display());
    assert!(busy.is_dir(), "a folder a running process has locked was removed");
    let _ = std::fs::remove_dir_all(&busy);
    assert_eq!(kind(next.events(None).last().unwrap()), "done");
}

/// The failure this guards against: the network's graph on a batch of 100 takes a few MiB to
/// work out (every matrix of the pass, kept for its entries), and 250 requests at once took
/// that many times over. They are worked out one at a time: the server's peak grows by about
/// one's worth, and every answer is complete and the same.
#[test]
fn two_hundred_and_fifty_concurrent_graphs_of_a_batch_are_worked_out_in_turn() {
    let Some(model) = model("concurrent_graphs") else { return };
    let server = Server::start(&model);
    let test0 = numbers(&object(&server.get("/api/test/0").1)["pixels"]);
    let body = format!(
        "{{\"graph\":\"net\",\"pixels\":{},\"label\":7,\"batch\":100,\"entry\":{{\"edge\":0,\"backward\":true}}}}",
        pixels_json(&test0)
    );
    assert_eq!(server.post("/api/graph", &body).0, 200);
    let peak = |server: &Server| {
        let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    let before = peak(&server);
    let (server, body) = (&server, &body);
    let answers: Vec<(u16, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..250).map(|_| s.spawn(move || server.post("/api/graph", body))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let after = peak(server);
    println!("250 concurrent graphs of a batch of 100: peak resident memory {before:.1} MiB before, {after:.1} MiB after");
    assert!(
        answers.iter().all(|(status, b)| *status == 200 && b == &answers[0].1),
        "{:?}",
        answers.iter().map(|a| a.0).collect::<Vec<_>>()
    );
    assert!(after - before < 100.0, "{before:.1} MiB → {after:.1} MiB");
}
