import Foundation
import PlatformKit
import SwitchboardModel

/// The Twilio wire format over the sandbox world's Twilio accounts: routes, request bodies, replies.
///
/// The one place where Twilio's wire fields and the world's fields meet: requests come form-encoded with PascalCase
/// names (2010 API, Messaging Services, auth tokens) or as JSON (Content, WhatsApp senders), answers are snake_case
/// JSON, lists carry Twilio's paging keys. Every change goes through the world's Twilio operations, whose errors carry
/// Twilio's codes.
///
/// Routes are tables, one per resource family (`+Numbers`, `+Messaging`, `+Content`), each row a method and a path
/// shape (the path with every SID as `*` and the 2010 API's `.json` taken off) and one small function per endpoint;
/// `+Render` turns world values into Twilio's JSON, `+Paging` pages lists.
struct TwilioEmulatorWire {
    var world: SandboxWorld
    let now: Date
    let timing: SandboxTiming
    /// The `Host` the request was sent to: absolute URLs in answers point back at it.
    let host: String?

    /// An HTTP status and a JSON body (nil: no body).
    struct Reply {
        var status: Int
        var body: Value?
    }

    /// Credentials the account does not accept (401, error 20003).
    struct Refusal: Error {
        var message: String
    }

    /// One request as an endpoint sees it.
    struct Request {
        /// The account the credentials act for.
        var account: String
        /// The SIDs in the path, in order (the 2010 API's account SID first).
        var ids: [String]
        /// The path as sent.
        var path: String
        var query: [String: String]
        /// Form fields of a form-encoded body (the last value of a repeated name wins).
        var form: [String: String]
        /// The parsed JSON body; `.null` when empty or not JSON.
        var json: Value

        /// The `n`th SID of the path.
        func id(_ n: Int) -> String { n < ids.count ? ids[n] : "" }
    }

    /// An endpoint: one function of the wire, answering one method and path shape.
    typealias Endpoint = @Sendable (inout TwilioEmulatorWire, Request) throws -> Reply

    // MARK: - Routing

    /// Every route: `"METHOD shape"` to its endpoint.
    static let routes: [String: Endpoint] = Dictionary(
        uniqueKeysWithValues: numberRoutes + messagingRoutes + contentRoutes + accountRoutes)

    /// Path segments that name an API, a collection or an action rather than a SID.
    static let literals: Set<String> = Set(
        routes.keys.flatMap { $0.split(separator: " ").last?.split(separator: "/").map(String.init) ?? [] }
    ).subtracting(["*"])

    /// The path's segments, the 2010 API's `.json` taken off its last one; nil for a 2010 path without it (Twilio
    /// would answer XML, which the emulator does not speak).
    static func segments(_ path: String) -> [String]? {
        var parts = path.split(separator: "/").map(String.init)
        guard parts.first == "2010-04-01" else { return parts }
        guard let last = parts.last, last.hasSuffix(".json") else { return nil }
        parts[parts.count - 1] = String(last.dropLast(".json".count))
        return parts
    }

    /// The account the request's credentials act for.
    /// - Throws: `Refusal` when the account does not accept them.
    mutating func authenticate(
        _ request: HTTPServerRequest, _ credentials: (username: String, password: String)
    ) throws -> String {
        let parts = Self.segments(request.path) ?? []
        let pathAccount = parts.count > 2 && parts[0] == "2010-04-01" && parts[1] == "Accounts" ? parts[2] : nil
        guard
            let account = world.authenticateTwilio(
                username: credentials.username, password: credentials.password, pathAccount: pathAccount)
        else { throw Refusal(message: "Authenticate") }
        return account
    }

    /// Answers `request` for `account`.
    /// - Throws: the world's `PlatformError` (Twilio's code), or 20404 for a path no route serves and 20004 for a
    ///   method a path does not take.
    mutating func route(_ request: HTTPServerRequest, account: String) throws -> Reply {
        guard let parts = Self.segments(request.path) else { throw SandboxWorld.twilioNotFound(request.path) }
        let shape = parts.map { Self.literals.contains($0) ? $0 : "*" }.joined(separator: "/")
        guard let endpoint = Self.routes["\(request.method) \(shape)"] else {
            if Self.routes.keys.contains(where: { $0.hasSuffix(" \(shape)") }) {
                throw PlatformError.twilio(20004, "Method not allowed: \(request.method) \(request.path)", status: 405)
            }
            throw SandboxWorld.twilioNotFound(request.path)
        }
        let isForm = (request.headers["content-type"] ?? "").lowercased().hasPrefix(FormEncoding.contentType)
        let body = String(decoding: request.body, as: UTF8.self)
        let r = Request(
            account: account, ids: parts.filter { !Self.literals.contains($0) }, path: request.path,
            query: request.query,
            form: isForm || !body.hasPrefix("{") ? Self.form(body) : [:],
            json: request.body.isEmpty ? .null : ((try? JSONCoding.parse(request.body)) ?? .null))
        if parts.first == "2010-04-01", r.id(0) != account { throw SandboxWorld.twilioNotFound(request.path) }
        return try endpoint(&self, r)
    }

    // MARK: - Request helpers

    /// The fields of a form-encoded body: `+` is a space, `%XX` a byte.
    static func form(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            guard let name = kv.first.map(decode), !name.isEmpty else { continue }
            fields[name] = kv.count > 1 ? decode(kv[1]) : ""
        }
        return fields
    }

    /// A boolean parameter: `true` or `false` in any case.
    /// - Throws: 20001 for any other value.
    static func bool(_ text: String?, _ name: String) throws -> Bool? {
        guard let text else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw PlatformError.twilio(20001, "\(name) must be true or false, not '\(text)'")
        }
    }

    /// The base of absolute URLs in answers: the emulator's own address, else the real Twilio host `api`
    /// (`messaging`, `content`, `accounts`).
    func base(_ api: String) -> String {
        if let host, !host.isEmpty { return "http://\(host)" }
        return "https://\(api).twilio.com"
    }
}
