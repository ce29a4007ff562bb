//! The accept loop's limits over real sockets: a client that never finishes its request head is
//! cut off, and many such clients cannot keep a person out of their own server.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use mastery_web::Limits;

/// Serves a one-route app with short limits on a thread of its own; answers its address.
fn serve(limits: Limits) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let router = Router::new().route("/healthz", get(|| async { "ok" }));
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            mastery_web::serve_with(listener, router, limits, std::future::pending()).await.unwrap();
        });
    });
    addr
}

const SHORT: Limits = Limits { header_read_timeout: Duration::from_millis(400), max_connections: 4 };

#[test]
fn a_request_head_never_finished_is_cut_off() {
    let addr = serve(SHORT);
    let mut slow = TcpStream::connect(addr).unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let started = Instant::now();
    let mut reply = Vec::new();
    let _ = slow.read_to_end(&mut reply);
    assert!(started.elapsed() < Duration::from_secs(5), "the connection stayed open {:?}", started.elapsed());
    assert!(!String::from_utf8_lossy(&reply).contains("ok"), "no request was served: {reply:?}");
}

#[test]
fn half_open_connections_do_not_keep_the_person_out() {
    let addr = serve(SHORT);
    // Ten times the connection limit, each sending half a head and then nothing.
    let _held: Vec<TcpStream> = (0..40)
        .map(|_| {
            let mut stream = TcpStream::connect(addr).unwrap();
            let _ = stream.write_all(b"GET / HTTP/1.1\r\n");
            stream
        })
        .collect();
    let started = Instant::now();
    let mut person = TcpStream::connect(addr).unwrap();
    person.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    person.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut reply = String::new();
    person.read_to_string(&mut reply).expect("an answer");
    assert!(reply.starts_with("HTTP/1.1 200") && reply.ends_with("ok"), "{reply}");
    assert!(started.elapsed() < Duration::from_secs(15), "answered only after {:?}", started.elapsed());
}
