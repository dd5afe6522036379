//! The smallest HTTP/1.1 server the preview needs: loopback only, one thread per
//! connection, one request per connection (`Connection: close`). Keep-alive is left
//! out on purpose: a browser opens a few connections at once for a page's images,
//! and a server that pools them can leave one unread while the others stay open
//! (tiny_http 0.12 did, stalling a page's load for 30 s now and then).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A request's head longer than this is refused (a preview's requests are short).
const MAX_HEAD: u64 = 16 * 1024;
/// How long a connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections answered at once; beyond, a 503 (the page's event streams and its
/// images together stay far below).
const MAX_CONNECTIONS: usize = 256;

/// One request: its method and its target exactly as sent (never decoded).
pub struct Request {
    pub method: String,
    pub target: String,
    stream: TcpStream,
}

impl Request {
    /// Answers and closes the connection. A HEAD request gets the head only.
    pub fn respond(self, status: u16, content_type: &str, body: &[u8]) {
        let head = head(status, content_type, Some(body.len()));
        let mut stream = self.stream;
        let _ = stream.write_all(head.as_bytes());
        if self.method != "HEAD" {
            let _ = stream.write_all(body);
        }
        let _ = stream.flush();
    }

    /// Sends the head of a response whose body is written later, piece by piece
    /// (an event stream), and hands the connection over.
    pub fn into_stream(self, content_type: &str) -> io::Result<TcpStream> {
        let mut stream = self.stream;
        stream.write_all(head(200, content_type, None).as_bytes())?;
        Ok(stream)
    }
}

fn head(status: u16, content_type: &str, length: Option<usize>) -> String {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "",
    };
    let length = length.map_or(String::new(), |n| format!("Content-Length: {n}\r\n"));
    format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n{length}\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n"
    )
}

/// Binds `127.0.0.1:port`.
pub fn bind(port: u16) -> io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    let address = listener.local_addr()?;
    Ok((listener, address))
}

/// Accepts connections for ever, each on its own thread, and hands each
/// well-formed request to `answer`.
pub fn run(listener: TcpListener, answer: Arc<dyn Fn(Request) + Send + Sync>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming().flatten() {
        if open.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::AcqRel);
            let mut stream = stream;
            let _ = stream.write_all(head(503, "text/plain", Some(0)).as_bytes());
            continue;
        }
        let (answer, open) = (answer.clone(), open.clone());
        std::thread::spawn(move || {
            connection(stream, answer.as_ref());
            open.fetch_sub(1, Ordering::AcqRel);
        });
    }
}

fn connection(stream: TcpStream, answer: &(dyn Fn(Request) + Send + Sync)) {
    if stream.set_read_timeout(Some(READ_TIMEOUT)).is_err() {
        return;
    }
    let Ok(reader) = stream.try_clone() else {
        return;
    };
    match read_head(reader) {
        Ok(Some((method, target))) => answer(Request {
            method,
            target,
            stream,
        }),
        Ok(None) => {
            let mut stream = stream;
            let _ = stream.write_all(head(400, "text/plain", Some(0)).as_bytes());
        }
        Err(_) => {}
    }
}

/// The request line's method and target, once the whole head has been read;
/// `None` when it is not an HTTP request line or the head is too long.
fn read_head(stream: impl Read) -> io::Result<Option<(String, String)>> {
    let mut reader = BufReader::new(stream.take(MAX_HEAD));
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Ok(None);
    };
    if !version.starts_with("HTTP/1.") || !target.starts_with('/') {
        return Ok(None);
    }
    let request = (method.to_string(), target.to_string());
    // The headers are not needed; read them so the client sees its request taken.
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 {
            return Ok(None);
        }
        if header == "\r\n" || header == "\n" {
            return Ok(Some(request));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_line_and_headers_give_the_method_and_the_target_as_sent() {
        let head = b"GET /epub/%2e%2e/x?since=3 HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\nbody";
        assert_eq!(
            read_head(&head[..]).unwrap(),
            Some(("GET".into(), "/epub/%2e%2e/x?since=3".into()))
        );
    }

    #[test]
    fn what_is_not_an_http_head_is_refused() {
        for head in [
            &b"GET /\r\n\r\n"[..],
            b"GET http://elsewhere/ HTTP/1.1\r\n\r\n",
            b"GET / SMTP\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: cut off",
        ] {
            assert_eq!(read_head(head).unwrap(), None, "{head:?}");
        }
        let endless = format!("GET / HTTP/1.1\r\n{}", "X: y\r\n".repeat(10_000));
        assert_eq!(read_head(endless.as_bytes()).unwrap(), None);
    }

    #[test]
    fn every_response_gives_its_length_and_closes() {
        let text = head(404, "text/plain", Some(10));
        assert!(text.starts_with("HTTP/1.1 404 Not Found\r\n"));
        assert!(text.contains("Content-Length: 10\r\n"));
        assert!(text.ends_with("Connection: close\r\n\r\n"));
    }
}
