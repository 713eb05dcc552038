//! A BigCommerce stand-in on 127.0.0.1: answers like the real API, per path, and records
//! every request it receives so tests can check what was sent.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as received.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query.
    pub target: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body_len: usize,
    /// When it arrived.
    pub at: std::time::Instant,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// An answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(&'static str, String)>,
    /// Wait this long before answering (a slow BigCommerce).
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply {
            status,
            body: body.to_owned(),
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_owned()));
        self
    }

    pub fn after(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// BigCommerce's answer to `GET /v2/time`.
pub const TIME: &str = r#"{"time": 1529512970}"#;
/// The body BigCommerce sends with a 403.
pub const FORBIDDEN: &str = r#"{"status":403,"title":"You don't have a required scope to access the endpoint","type":"https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes","errors":{}}"#;
pub const UNAUTHORIZED: &str = r#"{"status":401,"title":"Unauthorized"}"#;
pub const B2B_OK: &str = r#"{"code":200,"data":[],"meta":{"message":"SUCCESS","pagination":{"limit":1,"offset":0,"totalCount":0}}}"#;

type Route = dyn Fn(&Request, usize) -> Reply + Send + Sync;

pub struct StandIn {
    port: u16,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl StandIn {
    /// Starts a server whose answers come from `route(request, how many requests came before)`.
    pub fn start(route: impl Fn(&Request, usize) -> Reply + Send + Sync + 'static) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let route: Arc<Route> = Arc::new(route);
        let seen = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                let (seen, route) = (seen.clone(), route.clone());
                std::thread::spawn(move || serve(stream, &seen, route.as_ref()));
            }
        });
        StandIn { port, requests }
    }

    /// A server that answers like a healthy store with every scope SynchUP asks for (and
    /// not Information & Settings, so `/v2/time` is forbidden, as the current reference has
    /// it).
    pub fn healthy() -> StandIn {
        StandIn::start(|request, _| healthy_reply(request))
    }

    /// A store where the API account of `token` lacks Marketing and Fulfillment Methods
    /// (403 to their probes); any other token has every scope, as a new account would.
    pub fn lacking_two_scopes_for(token: &'static str) -> StandIn {
        StandIn::start(move |request, _| {
            let old = request.header("X-Auth-Token") == Some(token);
            let target = request.target.as_str();
            if old
                && (target.ends_with("/v2/coupons/count") || target.contains("/v3/pickup/methods"))
            {
                Reply::json(403, FORBIDDEN)
            } else {
                healthy_reply(request)
            }
        })
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The variables that point the program here, for both APIs.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("SYNCHUP_BIGCOMMERCE_API_BASE", self.base()),
            ("SYNCHUP_B2B_API_BASE", self.base()),
        ]
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

/// How a healthy store answers: 2xx to reads of its own data, 404 for an order that does
/// not exist, 400 for payment methods without an order, 403 where a scope is not granted.
pub fn healthy_reply(request: &Request) -> Reply {
    match request.target.as_str() {
        t if t.ends_with("/v2/time") => Reply::json(403, FORBIDDEN),
        t if t.contains("/v3/orders/1/transactions") => Reply::json(404, "{}"),
        t if t.contains("/v3/payments/methods") => Reply::json(400, "{}"),
        t if t.starts_with("/api/v3/io/") => Reply::json(200, B2B_OK),
        _ => Reply::json(200, "{\"data\":[]}"),
    }
}

/// An https base whose port answers in plain text: every secure connection to it fails.
pub fn not_tls_base() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    });
    format!("https://127.0.0.1:{port}")
}

/// A port where nothing listens.
pub fn closed_port_base() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

fn serve(stream: TcpStream, seen: &Mutex<Vec<Request>>, route: &Route) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
            return;
        };
        let mut headers = Vec::new();
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
        let body_len = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0usize);
        let mut body = vec![0; body_len];
        let _ = reader.read_exact(&mut body);
        let request = Request {
            method: method.to_owned(),
            target: target.to_owned(),
            headers,
            body_len,
            at: std::time::Instant::now(),
        };
        let count = {
            let mut seen = seen.lock().unwrap();
            seen.push(request.clone());
            seen.len() - 1
        };
        let reply = route(&request, count);
        std::thread::sleep(reply.delay);
        let mut head = format!(
            "HTTP/1.1 {} Stand-in\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            reply.status,
            reply.body.len()
        );
        for (name, value) in &reply.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        if stream.write_all(head.as_bytes()).is_err()
            || stream.write_all(reply.body.as_bytes()).is_err()
        {
            return;
        }
    }
}
