import Foundation
import PlatformKit
import SwitchboardModel

/// Where the Platform API and the OAuth login of one Genesys Cloud organization live.
public struct GenesysRegionEndpoints: Sendable, Hashable {
    /// `https://api.<domain>` (or the explicit base URL).
    public var api: URL
    /// `https://login.<domain>` (or the same explicit base URL).
    public var login: URL

    /// Creates endpoints from explicit URLs.
    public init(api: URL, login: URL) {
        self.api = api
        self.login = login
    }

    /// Resolves a connection's `endpoint`: a region name (`us-east-1`) or an `http(s)://host[:port]` base URL,
    /// which then serves both the API and the token endpoint (the emulator, a proxy).
    /// - Throws: `PlatformError` with code `genesys.endpoint` for anything else.
    public init(endpoint: String) throws {
        let text = endpoint.trimmingCharacters(in: .whitespaces)
        if let api = GenesysRegion.apiBaseURL(region: text).flatMap(URL.init(string:)),
            let login = GenesysRegion.loginBaseURL(region: text).flatMap(URL.init(string:))
        {
            self.init(api: api, login: login)
            return
        }
        let lower = text.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://"),
            var components = URLComponents(string: text), components.host?.isEmpty == false
        {
            components.user = nil
            components.password = nil
            components.query = nil
            components.fragment = nil
            while components.path.hasSuffix("/") { components.path.removeLast() }
            if let url = components.url {
                self.init(api: url, login: url)
                return
            }
        }
        throw PlatformError(
            code: "genesys.endpoint",
            message: "'\(text)' is neither a Genesys Cloud region (\(GenesysRegion.allRegions.joined(separator: ", "))) "
                + "nor an http(s)://host:port URL")
    }
}
