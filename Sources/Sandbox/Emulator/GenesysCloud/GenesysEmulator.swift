import Foundation
import SwitchboardCrypto
import PlatformKit
import SwitchboardModel

/// An emulator of the Genesys Cloud Platform API v2 for every endpoint the adapter uses, in the vendor's wire format,
/// serving one organization of the sandbox world.
///
/// Beside the API, `POST /oauth/token` issues tokens (client credentials) and `GET /_emulator/stats` reports the
/// counters without authentication.
public actor GenesysEmulator {
    private let backend: GenesysEmulatorBackend
    private let options: GenesysEmulatorOptions
    private let now: @Sendable () -> Double
    private var tokens: [String: (client: String, expires: Double)] = [:]
    private var traffic: EmulatorTraffic
    /// Counters since start.
    public private(set) var stats = GenesysEmulatorStats()
    /// When true, every request's text is kept in `stats.transcript` (tests).
    public var recordTranscript = false

    /// Creates an emulator over `backend`.
    public init(
        backend: GenesysEmulatorBackend, options: GenesysEmulatorOptions = .init(),
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.backend = backend
        self.options = options
        self.now = now
        traffic = EmulatorTraffic(options.traffic)
    }

    /// Turns transcript recording on or off.
    public func setRecordTranscript(_ on: Bool) { recordTranscript = on }

    /// Answers one request.
    public func handle(_ request: HTTPServerRequest) async -> HTTPResponse {
        stats.requests += 1
        if recordTranscript {
            stats.transcript.append(
                "\(request.method) \(request.path) \(request.headers.sorted { $0.key < $1.key }) "
                    + String(decoding: request.body, as: UTF8.self))
        }
        await options.traffic.delay()
        if request.path == "/oauth/token" { return login(request) }
        if request.path == "/_emulator/stats" { return json(200, stats.json) }
        guard request.path.hasPrefix("/api/v2/") else { return error(404, "not.found", "no route for \(request.path)") }
        guard let client = authenticated(request) else {
            return error(401, "authentication.required", "No authentication bearer token specified in authorization header.")
        }
        let headers: [String: String]
        switch admit(client) {
        case .refused(let response): return response
        case .admitted(let h): headers = h
        }
        var faultAfter = false
        switch injectedFault(headers) {
        case .before(let response): return response
        case .after: faultAfter = true
        case nil: break
        }
        var response = await answer(request)
        if faultAfter {
            // The change happened, the answer is lost: only a client that looks before repeating avoids a duplicate.
            return self.error(500, "internal.server.error", "An internal server error occurred (injected)", headers: headers)
        }
        for (k, v) in headers { response.headers[k] = v }
        return response
    }

    /// The client a valid, unexpired bearer token was issued to; nil otherwise.
    private func authenticated(_ request: HTTPServerRequest) -> String? {
        guard let bearer = request.headers["authorization"], bearer.lowercased().hasPrefix("bearer "),
            let token = tokens[String(bearer.dropFirst(7))], token.expires > now()
        else { return nil }
        return token.client
    }

    private enum Admission {
        case admitted([String: String])
        case refused(HTTPResponse)
    }

    /// Counts the request against the client's rate window: the `inin-ratelimit-*` headers, or a 429 past the limit.
    private func admit(_ client: String) -> Admission {
        guard let a = traffic.admit(client, at: now()) else { return .admitted([:]) }
        var headers = [
            "inin-ratelimit-allowed": String(options.traffic.rateLimitPerMinute),
            "inin-ratelimit-count": String(a.count),
            "inin-ratelimit-reset": String(a.reset),
        ]
        if !a.admitted {
            stats.rateLimited += 1
            headers["Retry-After"] = String(a.retryAfter)
            return .refused(error(
                429, "too.many.requests",
                "Rate limit exceeded the maximum [\(options.traffic.rateLimitPerMinute)] requests within "
                    + "[\(Int(options.traffic.rateLimitWindow))] seconds", headers: headers))
        }
        return .admitted(headers)
    }

    private enum Fault {
        /// Answered before acting: a 429 with `Retry-After`, or a 503.
        case before(HTTPResponse)
        /// Acted on, then answered 500.
        case after
    }

    /// Rolls the fault dice (`faultRate`).
    private func injectedFault(_ headers: [String: String]) -> Fault? {
        guard let fault = traffic.fault() else { return nil }
        stats.injectedFaults += 1
        switch fault {
        case .throttled:
            return .before(error(
                429, "too.many.requests", "Rate limit exceeded (injected)",
                headers: headers.merging(["Retry-After": String(options.traffic.faultRetryAfter)]) { _, b in b }))
        case .unavailable:
            return .before(error(503, "service.unavailable", "The service is currently unavailable (injected)", headers: headers))
        case .answerLost:
            return .after
        }
    }

    /// The API's answer: the route's reply, or its error as an `ErrorBody`.
    private func answer(_ request: HTTPServerRequest) async -> HTTPResponse {
        do {
            return try await route(request)
        } catch let e as EmulatorError {
            return error(e.status, e.code, e.message, details: e.details)
        } catch let e as PlatformError {
            // A rule of the sandbox: the vendor's code and status, as an ErrorBody.
            return error(e.status ?? 400, e.code, e.message)
        } catch {
            return self.error(500, "internal.server.error", "The emulator failed: \(error)")
        }
    }

    // MARK: - Login

    private func login(_ request: HTTPServerRequest) -> HTTPResponse {
        guard request.method == "POST" else { return error(405, "method.not.allowed", "use POST") }
        let form = String(decoding: request.body, as: UTF8.self)
        guard form.split(separator: "&").contains("grant_type=client_credentials") else {
            return oauthError(400, "unsupported_grant_type", "grant_type must be client_credentials")
        }
        guard let auth = request.headers["authorization"], auth.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(auth.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) }),
            let colon = decoded.firstIndex(of: ":")
        else {
            return oauthError(401, "invalid_client", "client authentication failed")
        }
        let id = String(decoded[..<colon])
        let secret = String(decoded[decoded.index(after: colon)...])
        if let wantId = options.clientId, let wantSecret = options.clientSecret, id != wantId || secret != wantSecret {
            return oauthError(401, "invalid_client", "client authentication failed")
        }
        stats.logins += 1
        let token = "emu-" + Digest.hex(Digest.randomBytes(16))
        tokens[token] = (id, now() + Double(options.tokenLifetime))
        return json(200, ["access_token": .string(token), "token_type": "bearer", "expires_in": .int(options.tokenLifetime)])
    }

    private func oauthError(_ status: Int, _ code: String, _ description: String) -> HTTPResponse {
        json(status, ["error": .string(code), "error_description": .string(description)])
    }

    // MARK: - Helpers

    func json(_ status: Int, _ body: Value, headers: [String: String] = [:]) -> HTTPResponse {
        var h = headers
        h["Content-Type"] = "application/json"
        return HTTPResponse(status: status, headers: h, body: Data(body.jsonText.utf8))
    }

    func error(
        _ status: Int, _ code: String, _ message: String, details: [Value] = [], headers: [String: String] = [:]
    ) -> HTTPResponse {
        json(status, [
            "message": .string(message), "code": .string(code), "status": .int(status),
            "contextId": .string(UUID().uuidString.lowercased()), "details": .list(details), "errors": [],
        ], headers: headers)
    }

    private func route(_ request: HTTPServerRequest) async throws -> HTTPResponse {
        let parts = request.path.dropFirst("/api/v2/".count).split(separator: "/").map(String.init)
        let body = request.body.isEmpty ? Value.null : ((try? JSONCoding.parse(request.body)) ?? .null)
        let (org, timing) = (backend.org, backend.timing)
        // An endpoint that fails leaves the world as it found it, but advanced to now (and saved if advancing changed
        // it), as any read of the sandbox does.
        let outcome: Result<GenesysEmulatorWire.Reply, Error> = try await backend.transact { world, now in
            var wire = GenesysEmulatorWire(world: world, org: org, now: now, timing: timing)
            do {
                let reply = try wire.route(request.method, parts, query: request.query, body: body)
                world = wire.world
                return .success(reply)
            } catch {
                return .failure(error)
            }
        }
        let result = try outcome.get()
        guard let body = result.1 else { return HTTPResponse(status: result.0) }
        return json(result.0, body)
    }
}

/// An API error with the vendor's status and code.
struct EmulatorError: Error {
    var status: Int
    var code: String
    var message: String
    var details: [Value] = []

    static func notFound(_ what: String) -> EmulatorError {
        EmulatorError(status: 404, code: "not.found", message: "\(what) not found")
    }

    static func bad(_ message: String, field: String? = nil) -> EmulatorError {
        EmulatorError(
            status: 400, code: "bad.request", message: message,
            details: field.map { [["errorCode": "invalid.value", "fieldName": .string($0)]] } ?? [])
    }
}

// MARK: - In process

extension GenesysEmulator {
    /// The credentials a live adapter in process logs in with: the emulator in process accepts any client; the
    /// secret is long and unlikely, since the adapter scrubs its secret from every error message.
    public static let inProcessCredentials = [
        "clientId": "sandbox", "clientSecret": "switchboard-sandbox-in-process-client",
    ]

    /// This emulator as the transport of a live adapter (`endpoint: sandbox`): each request is answered by `handle`
    /// in process, with no socket.
    public nonisolated var transport: HTTPTransport { InProcessTransport.make { await self.handle($0) } }
}
