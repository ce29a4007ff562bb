//! The names a server bound beyond loopback answers to: what a browser on another machine puts
//! in its Host header. For an address of one interface, that address; for the unspecified
//! address (`0.0.0.0`, `::`), the machine's name (and `NAME.local`), the addresses the name
//! resolves to, the address the machine reaches the network from, and loopback.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs, UdpSocket};

/// Every `host:port` a browser may use to reach a server listening on `addr`.
pub fn names(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    let mut hosts = Vec::new();
    let mut add = |host: String| {
        if !hosts.contains(&host) {
            hosts.push(host);
        }
    };
    if !addr.ip().is_unspecified() {
        add(host_port(addr.ip(), port));
        return hosts;
    }
    for ip in outward(addr.ip()) {
        add(host_port(ip, port));
    }
    if let Some(name) = machine_name() {
        let resolved = (name.as_str(), port).to_socket_addrs().map(Iterator::collect).unwrap_or_else(|_| Vec::new());
        for found in resolved {
            let found: SocketAddr = found;
            add(host_port(found.ip(), port));
        }
        add(format!("{name}:{port}"));
        add(format!("{name}.local:{port}"));
    }
    add(host_port(IpAddr::V4(Ipv4Addr::LOCALHOST), port));
    add(format!("localhost:{port}"));
    hosts
}

fn host_port(ip: IpAddr, port: u16) -> String {
    SocketAddr::new(ip, port).to_string()
}

/// The address this machine reaches the network from, of the same family as `unspecified`:
/// found by pointing a UDP socket at a documentation address, which sends nothing.
fn outward(unspecified: IpAddr) -> Vec<IpAddr> {
    let probes: [(IpAddr, IpAddr); 2] = [
        (IpAddr::V4(Ipv4Addr::UNSPECIFIED), IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))),
        (IpAddr::V6(Ipv6Addr::UNSPECIFIED), IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1))),
    ];
    probes
        .into_iter()
        .filter(|(local, _)| unspecified.is_ipv6() || local.is_ipv4())
        .filter_map(|(local, remote)| {
            let socket = UdpSocket::bind(SocketAddr::new(local, 0)).ok()?;
            socket.connect(SocketAddr::new(remote, 9)).ok()?;
            socket.local_addr().ok().map(|a| a.ip()).filter(|ip| !ip.is_unspecified() && !ip.is_loopback())
        })
        .collect()
}

/// The machine's host name, as the kernel knows it.
fn machine_name() -> Option<String> {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .ok()?;
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_owned())
}
