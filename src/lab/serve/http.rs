//! A small HTTP/1.1 server, std only, with the limits the Rust book's last chapter leaves out,
//! so that no client can stop it or use it up:
//! - each connection has a thread of its own, so a silent or slow client, or a page following a
//!   training run for minutes, never delays anyone else; at most [`MAX_CONNECTIONS`] are open
//!   at once, and one more is answered 503 at once (as nginx's `worker_connections`);
//! - running out of file descriptors is answered too (503, from a descriptor kept in reserve),
//!   and the accept loop waits a moment instead of spinning;
//! - a request's headers may take 8 KiB (else 431) and its body 64 KiB (else 413); a client that
//!   sends nothing, or too slowly, is answered 408 and dropped after a few seconds;
//! - requests are read strictly (RFC 9112): HTTP/1.0 or 1.1, header names that are tokens with
//!   no space before the colon, a `Content-Length` of digits only; lines may end in a bare LF;
//! - a handler that panics costs its request a 500, not the server.
//!
//! One request per connection (`Connection: close`): simple, and enough for one page on
//! localhost.

use crate::lab::json;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// The largest request head (request line and headers) read.
pub const MAX_HEAD: usize = 8 * 1024;
/// The largest request body read.
pub const MAX_BODY: usize = 64 * 1024;
/// How long one read may wait for the client.
pub const READ_TIMEOUT: Duration = Duration::from_secs(3);
/// How long a whole request may take to arrive, however it trickles in.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(6);
/// How long one write may wait for a client that does not read (a stalled page).
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections open at once (each with its thread); one more is answered 503 at once.
pub const MAX_CONNECTIONS: usize = 256;

/// A request as the handlers see it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// The path without the query, e.g. `/api/test/3`.
    pub path: String,
    /// What follows `?`, if anything.
    pub query: String,
    /// The headers, names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The value of the header `name` (lower case), if given.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// What a handler answers: a whole body, or a stream that it writes itself (server-sent events).
pub enum Body {
    /// Shared, so that an answer kept for many requests is not copied for each.
    Bytes(Arc<[u8]>),
    /// Called with the connection once the head is written; it writes until it returns.
    Stream(Box<dyn FnOnce(&mut TcpStream) + Send>),
}

/// A response: status, content type, extra headers and the body.
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
}

impl Response {
    pub fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Response {
        Response::shared(status, content_type, Arc::from(body.into()))
    }

    /// An answer whose bytes are shared with others (kept once, sent many times).
    pub fn shared(status: u16, content_type: &'static str, body: Arc<[u8]>) -> Response {
        Response { status, content_type, headers: Vec::new(), body: Body::Bytes(body) }
    }

    /// A JSON answer.
    pub fn json(status: u16, body: String) -> Response {
        Response::new(status, "application/json", body)
    }

    /// `{"error": "…"}` with this status.
    pub fn error(status: u16, message: &str) -> Response {
        Response::json(status, json::Out::new().str("error", message).done())
    }

    pub fn with_header(mut self, name: &'static str, value: String) -> Response {
        self.headers.push((name, value));
        self
    }
}

/// The reason phrase of a status code.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        202 => "Accepted",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        403 => "Forbidden",
        411 => "Length Required",
        413 => "Content Too Large",
        505 => "HTTP Version Not Supported",
        415 => "Unsupported Media Type",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Serves forever on `listener`, answering each request with `handler` on a thread of its own.
pub fn serve(listener: TcpListener, handler: Arc<dyn Fn(&Request) -> Response + Send + Sync>) {
    let open = Arc::new(AtomicUsize::new(0));
    // A descriptor kept in reserve: when there are none left, it is given up for a moment to
    // accept the waiting connection and tell it so, instead of leaving it (and the loop) hanging.
    let mut reserve = std::fs::File::open("/dev/null").ok();
    loop {
        if reserve.is_none() {
            reserve = std::fs::File::open("/dev/null").ok(); // taken back as soon as one is free
        }
        let (stream, _) = match listener.accept() {
            Ok(accepted) => accepted,
            Err(e) => {
                if matches!(e.raw_os_error(), Some(23 | 24)) && reserve.take().is_some() {
                    if let Ok((mut stream, _)) = listener.accept() {
                        refuse(&mut stream, "the server has run out of file descriptors; try again in a moment");
                    }
                }
                thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            let mut stream = stream;
            refuse(&mut stream, &format!("the server has {MAX_CONNECTIONS} connections open; try again in a moment"));
            continue;
        }
        let (open, handler) = (Arc::clone(&open), Arc::clone(&handler));
        let spawned = thread::Builder::new().spawn(move || {
            answer(stream, &*handler);
            open.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            thread::sleep(Duration::from_millis(50)); // no thread to be had: the count stays until one ends
        }
    }
}

/// A 503 written at once to a connection that will not be served.
fn refuse(stream: &mut TcpStream, message: &str) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    write_response(stream, Response::error(503, message));
}

/// Reads one request from `stream` and writes its answer.
fn answer(mut stream: TcpStream, handler: &(dyn Fn(&Request) -> Response + Send + Sync)) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let response = match read_request(&mut stream) {
        Ok(request) => {
            // A panic in a handler is a bug; it must not take the server with it.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(&request)))
                .unwrap_or_else(|_| Response::error(500, "internal error while answering this request"))
        }
        Err(Some(response)) => response,
        Err(None) => return, // the client went away or sent nothing: nothing to answer
    };
    write_response(&mut stream, response);
}

fn write_response(stream: &mut TcpStream, response: Response) {
    let mut head =
        format!("HTTP/1.1 {} {}\r\nContent-Type: {}\r\n", response.status, reason(response.status), response.content_type);
    head.push_str("Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n");
    // No other site may show these pages in a frame (clickjacking), as Jupyter's server refuses.
    head.push_str("X-Frame-Options: DENY\r\nContent-Security-Policy: frame-ancestors 'none'\r\n");
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    match response.body {
        Body::Bytes(body) => {
            head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
            let _ = stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(&body));
        }
        Body::Stream(write) => {
            head.push_str("\r\n");
            if stream.write_all(head.as_bytes()).and_then(|_| stream.flush()).is_ok() {
                write(stream);
            }
        }
    }
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// Reads one request. `Err(Some(response))` is a request that deserves an error answer;
/// `Err(None)` one that never arrived (the client closed the connection, or it broke).
fn read_request(stream: &mut TcpStream) -> Result<Request, Option<Response>> {
    let start = Instant::now();
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    // The head ends at an empty line: CRLF CRLF, or bare LFs (RFC 9112 lets a server accept them).
    let (head_end, body_start) = loop {
        if let Some(end) = find(&buf, b"\r\n\r\n") {
            break (end, end + 4);
        }
        if let Some(end) = find(&buf, b"\n\n") {
            break (end, end + 2);
        }
        if buf.len() > MAX_HEAD {
            return Err(Some(Response::error(431, &format!("the request's headers are over {MAX_HEAD} bytes"))));
        }
        if start.elapsed() > REQUEST_DEADLINE {
            return Err(Some(too_slow()));
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Err(None),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) => return Err(timed_out(&e)),
        }
    };
    if head_end > MAX_HEAD {
        return Err(Some(Response::error(431, &format!("the request's headers are over {MAX_HEAD} bytes"))));
    }
    let bad = |message: &str| Err(Some(Response::error(400, message)));
    let Ok(head) = std::str::from_utf8(&buf[..head_end]) else { return bad("the request's head is not UTF-8") };
    let mut lines = head.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let request_line = lines.next().unwrap_or("");
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return bad("the request line is not METHOD PATH HTTP/1.1");
    };
    if !is_token(method) || !target.starts_with('/') || !version.starts_with("HTTP/") {
        return bad("the request line is not METHOD PATH HTTP/1.1");
    }
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err(Some(Response::error(505, &format!("{version} is not spoken here: send HTTP/1.1"))));
    }
    let mut content_length = None;
    let mut headers = Vec::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { return bad("a header line has no ':'") };
        if !is_token(name) {
            return bad(&format!("the header name {name:?} is not a token (no spaces, not even before the ':')"));
        }
        let (name, value) = (name.to_ascii_lowercase(), value.trim_matches([' ', '\t']));
        headers.push((name.clone(), value.to_string()));
        if name == "content-length" {
            let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
            match value.parse::<usize>() {
                Ok(n) if digits && content_length.is_none() => content_length = Some(n),
                _ => return bad("Content-Length is not one whole number written in digits"),
            }
        } else if name == "transfer-encoding" {
            return Err(Some(Response::error(411, "send the body with a Content-Length, not chunked")));
        }
    }
    let length = content_length.unwrap_or(0);
    if length > MAX_BODY {
        return Err(Some(Response::error(413, &format!("the body is {length} bytes; at most {MAX_BODY} are accepted"))));
    }
    let mut body = buf[body_start..].to_vec();
    while body.len() < length {
        if start.elapsed() > REQUEST_DEADLINE {
            return Err(Some(too_slow()));
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Err(None),
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(e) => return Err(timed_out(&e)),
        }
    }
    body.truncate(length);
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    Ok(Request { method: method.to_string(), path: path.to_string(), query: query.to_string(), headers, body })
}

/// The 408 of a request that did not arrive in time.
fn too_slow() -> Response {
    Response::error(408, "the request took too long to arrive")
}

/// What a failed read deserves: a client silent past [`READ_TIMEOUT`] (whether it sent nothing
/// or half a request) is told 408 before it is dropped; a connection that broke, nothing.
fn timed_out(e: &std::io::Error) -> Option<Response> {
    matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut).then(too_slow)
}

/// An HTTP token (a method or a header name): one or more of the characters RFC 9110 allows.
fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
