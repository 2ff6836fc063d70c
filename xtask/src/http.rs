//! A minimal HTTP/1.1 client over one kept-alive connection, for timing the server from the
//! bench without a client library's own costs in the figures.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;

use crate::Result;

pub struct Connection {
    host: String,
    reader: BufReader<TcpStream>,
    cookie: Option<String>,
}

pub struct Response {
    pub status: u16,
    /// `yinong_session=…` when the answer set the session (it sets other cookies too).
    pub session_cookie: Option<String>,
    pub body: Vec<u8>,
}

impl Connection {
    pub fn open(address: &str) -> Result<Self> {
        let stream = TcpStream::connect(address).map_err(|e| format!("{address}: {e}"))?;
        Self::over(address, stream)
    }

    /// A connection from another local address (`127.x.y.z`), as another client's.
    pub fn open_from(address: &str, local: std::net::IpAddr) -> Result<Self> {
        let remote: std::net::SocketAddr =
            address.parse().map_err(|e| format!("{address}: {e}"))?;
        let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)
            .map_err(|e| e.to_string())?;
        socket
            .bind(&std::net::SocketAddr::new(local, 0).into())
            .map_err(|e| format!("{local}: {e}"))?;
        socket
            .connect(&remote.into())
            .map_err(|e| format!("{address} from {local}: {e}"))?;
        Self::over(address, socket.into())
    }

    fn over(address: &str, stream: TcpStream) -> Result<Self> {
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        Ok(Self {
            host: address.to_owned(),
            reader: BufReader::new(stream),
            cookie: None,
        })
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn get(&mut self, path: &str) -> Result<Response> {
        self.send("GET", path, None)
    }

    /// A JSON POST as the app sends it (with its CSRF header); a session cookie it sets is
    /// sent with every later request.
    pub fn post_json(&mut self, path: &str, body: &str) -> Result<Response> {
        let response = self.send("POST", path, Some(body))?;
        if let Some(cookie) = &response.session_cookie {
            self.cookie = Some(cookie.clone());
        }
        Ok(response)
    }

    /// The same client on a new connection (its session kept), after the server went away.
    pub fn reopen(&mut self) -> Result<()> {
        let stream = TcpStream::connect(&self.host).map_err(|e| format!("{}: {e}", self.host))?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        self.reader = BufReader::new(stream);
        Ok(())
    }

    /// A JSON POST whose answer is lost on the way back: the server answered (its status
    /// line came) but the client never read the rest, and its connection is gone.
    pub fn post_json_losing_answer(&mut self, path: &str, body: &str) -> Result<()> {
        self.write_request("POST", path, Some(body))?;
        let mut line = String::new();
        self.reader
            .read_line(&mut line)
            .map_err(|e| format!("POST {path}: {e}"))?;
        self.reopen()
    }

    /// A JSON PUT as the app's outbox sends a record.
    pub fn put_json(&mut self, path: &str, body: &str) -> Result<Response> {
        self.send("PUT", path, Some(body))
    }

    fn send(&mut self, method: &str, path: &str, body: Option<&str>) -> Result<Response> {
        self.write_request(method, path, body)?;
        self.read_answer(method, path)
    }

    fn write_request(&mut self, method: &str, path: &str, body: Option<&str>) -> Result<()> {
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.host);
        if let Some(cookie) = &self.cookie {
            request.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        if let Some(body) = body {
            request.push_str(&format!(
                "Content-Type: application/json\r\nX-Yinong-App: 1\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        request.push_str("\r\n");
        request.push_str(body.unwrap_or_default());
        let failed = |e: std::io::Error| format!("{method} {path}: {e}");
        self.reader
            .get_mut()
            .write_all(request.as_bytes())
            .map_err(failed)
    }

    fn read_answer(&mut self, method: &str, path: &str) -> Result<Response> {
        let failed = |e: std::io::Error| format!("{method} {path}: {e}");
        let mut line = String::new();
        self.reader.read_line(&mut line).map_err(failed)?;
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| format!("{method} {path}: no status line in “{line}”"))?;
        let (mut length, mut session_cookie) = (None, None);
        loop {
            line.clear();
            self.reader.read_line(&mut line).map_err(failed)?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse::<usize>().ok(),
                    "set-cookie" => {
                        let pair = value.trim().split(';').next().unwrap_or_default();
                        if pair.starts_with("yinong_session=") {
                            session_cookie = Some(pair.to_owned());
                        }
                    }
                    "transfer-encoding" => {
                        return Err(format!("{method} {path}: chunked answers are not read"))
                    }
                    _ => {}
                }
            }
        }
        let mut body = vec![0; length.unwrap_or(0)];
        self.reader.read_exact(&mut body).map_err(failed)?;
        Ok(Response {
            status,
            session_cookie,
            body,
        })
    }
}
