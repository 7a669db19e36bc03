import Foundation
import SwitchboardModel

/// Where a Twilio connection's calls go: Twilio's four API hosts, or one URL that serves all of their paths (the
/// emulator, `switchboard sandbox serve`, or a proxy).
public struct TwilioHosts: Sendable, Hashable {
    /// The APIs Switchboard calls, each on its own host at Twilio.
    public enum API: String, Sendable, Hashable, CaseIterable {
        /// `api.twilio.com`: the 2010 API (numbers, short codes, accounts).
        case core = "api"
        /// `messaging.twilio.com`: Messaging Services and senders.
        case messaging
        /// `content.twilio.com`: Content templates and their approvals.
        case content
        /// `accounts.twilio.com`: auth tokens.
        case accounts
    }

    /// The base URL of each API.
    public let bases: [API: URL]

    /// Twilio's own hosts (`endpoint: live`).
    public static let live = TwilioHosts(
        bases: Dictionary(uniqueKeysWithValues: API.allCases.compactMap { api in
            URL(string: "https://\(api.rawValue).twilio.com").map { (api, $0) }
        }))

    /// The hosts of `endpoint`: `live` for Twilio's, or an http(s) URL for every API.
    /// - Throws: `PlatformError` (`twilio.endpoint`) for anything else.
    public init(endpoint: String) throws {
        if endpoint == "live" {
            self = .live
            return
        }
        guard endpoint.hasPrefix("https://") || endpoint.hasPrefix("http://"), let url = URL(string: endpoint) else {
            throw PlatformError(
                code: "twilio.endpoint",
                message: "'\(endpoint)' is not a Twilio endpoint: use 'live' (Twilio's hosts) or an http(s) URL")
        }
        self.init(bases: Dictionary(uniqueKeysWithValues: API.allCases.map { ($0, url) }))
    }

    /// Hosts from explicit base URLs.
    public init(bases: [API: URL]) { self.bases = bases }

    /// The URL of `path` (with `query`) on `api`'s host; a base URL's own path is kept in front of `path`.
    func url(_ api: API, _ path: String, query: [(String, String)] = []) -> URL? {
        guard let base = bases[api], var c = URLComponents(url: base, resolvingAgainstBaseURL: false) else { return nil }
        c.path = (c.path.hasSuffix("/") ? String(c.path.dropLast()) : c.path) + path
        if !query.isEmpty { c.percentEncodedQuery = FormQuery.encode(query) }
        return c.url
    }
}

/// Query strings encoded as Twilio's SDKs encode them (`+` in a phone number is `%2B`).
enum FormQuery {
    static func encode(_ items: [(String, String)]) -> String {
        let allowed = CharacterSet(
            charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~*")
        return items.map {
            ($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.0) + "="
                + ($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)
        }.joined(separator: "&")
    }
}
