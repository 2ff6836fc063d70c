//! Who a request comes from. Behind a reverse proxy every connection is the proxy's, so
//! the farmer's address is what the proxy forwarded in `X-Forwarded-For` — believed only
//! when the connection comes from a proxy the server was told to trust
//! (`--trusted-proxies`). Anyone else may send the header; it is ignored.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

/// The address a request's limits and logs are keyed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl std::fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The proxies whose `X-Forwarded-For` is believed: addresses or networks, e.g.
/// `127.0.0.1,10.0.0.0/8`. Empty: nobody's.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl FromStr for TrustedProxies {
    type Err = String;

    fn from_str(list: &str) -> Result<Self, String> {
        let networks = list
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("not an address or network: {entry:?}"))
            })
            .collect::<Result<_, _>>()?;
        Ok(TrustedProxies(networks))
    }
}

impl TrustedProxies {
    fn trusts(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.0.iter().any(|network| network.contains(&address))
    }

    /// The client of a request that came over a connection from `peer`: walking
    /// `X-Forwarded-For` from the right (the hop nearest this server), the first address
    /// that is not a trusted proxy. A hop that cannot be read ends the walk at the last
    /// address known good, so a forged list can never name someone else.
    pub fn client_of(&self, peer: IpAddr, headers: &HeaderMap) -> ClientAddr {
        let mut client = peer.to_canonical();
        if !self.trusts(client) {
            return ClientAddr(client);
        }
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .flat_map(|value| value.to_str().unwrap_or("").split(','))
            .map(str::trim)
            .collect();
        for hop in hops.into_iter().rev() {
            let Some(address) = parse_hop(hop) else {
                break;
            };
            client = address;
            if !self.trusts(address) {
                break;
            }
        }
        ClientAddr(client)
    }
}

/// One `X-Forwarded-For` entry: an address, maybe with a port (`[::1]:443`, `1.2.3.4:80`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(address) = hop.parse::<IpAddr>() {
        return Some(address.to_canonical());
    }
    hop.parse::<SocketAddr>()
        .ok()
        .map(|socket| socket.ip().to_canonical())
}

/// Puts the request's [`ClientAddr`] among its extensions, for the limits and the log.
pub async fn resolve(
    State(trusted): State<Arc<TrustedProxies>>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>() {
        let client = trusted.client_of(peer.ip(), request.headers());
        request.extensions_mut().insert(client);
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(trusted: &str, peer: &str, forwarded: &[&str]) -> String {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        let trusted: TrustedProxies = trusted.parse().unwrap();
        trusted
            .client_of(peer.parse().unwrap(), &headers)
            .to_string()
    }

    #[test]
    fn only_a_trusted_peer_is_believed() {
        assert_eq!(client("", "127.0.0.1", &["1.2.3.4"]), "127.0.0.1");
        assert_eq!(client("10.0.0.0/8", "192.0.2.7", &["1.2.3.4"]), "192.0.2.7");
        assert_eq!(client("10.0.0.0/8", "10.1.2.3", &["1.2.3.4"]), "1.2.3.4");
        assert_eq!(client("::1", "::1", &["2001:db8::5"]), "2001:db8::5");
    }

    #[test]
    fn what_a_client_put_before_the_proxy_cannot_name_someone_else() {
        // The client sent "6.6.6.6" itself; the proxy appended the address it saw.
        assert_eq!(
            client("127.0.0.1", "127.0.0.1", &["6.6.6.6, 1.2.3.4"]),
            "1.2.3.4"
        );
        assert_eq!(
            client(
                "127.0.0.1, 10.0.0.2",
                "127.0.0.1",
                &["6.6.6.6", "1.2.3.4, 10.0.0.2"]
            ),
            "1.2.3.4"
        );
        assert_eq!(
            client("127.0.0.1", "127.0.0.1", &["1.2.3.4, not-an-address"]),
            "127.0.0.1"
        );
    }

    #[test]
    fn forms_of_an_address_are_read() {
        assert_eq!(
            client("127.0.0.1", "127.0.0.1", &["1.2.3.4:5678"]),
            "1.2.3.4"
        );
        assert_eq!(
            client("127.0.0.1", "127.0.0.1", &["[2001:db8::5]:443"]),
            "2001:db8::5"
        );
        assert_eq!(
            client("127.0.0.1", "::ffff:127.0.0.1", &["1.2.3.4"]),
            "1.2.3.4"
        );
        assert_eq!(client("127.0.0.1", "127.0.0.1", &[]), "127.0.0.1");
        assert!("127.0.0.1, nonsense".parse::<TrustedProxies>().is_err());
    }
}
