import Foundation
import SwitchboardCrypto
import PlatformKit
import SwitchboardModel

/// How the emulator behaves: credentials, rate, latency, faults and the pace of asynchronous states.
public struct GenesysEmulatorOptions: Sendable {
    /// When both are set, the token endpoint answers 401 for any other client.
    public var clientId: String?
    public var clientSecret: String?
    /// Seconds added before every answer.
    public var latency: Double
    /// Probability (0...1) that an API request gets an injected 429, 503 (before acting) or 500 (after acting).
    public var faultRate: Double
    /// Seed of the fault dice (a fixed seed makes a run repeatable).
    public var seed: UInt64
    /// Requests per window per client before 429.
    public var rateLimitPerMinute: Int
    /// The rate window in seconds (60).
    public var rateLimitWindow: Double
    /// The `Retry-After` of injected 429s, in seconds.
    public var faultRetryAfter: Int
    /// `expires_in` of minted tokens, in seconds.
    public var tokenLifetime: Int

    /// Creates options.
    public init(
        clientId: String? = nil, clientSecret: String? = nil, latency: Double = 0, faultRate: Double = 0,
        seed: UInt64 = 0x5eed, rateLimitPerMinute: Int = 300, rateLimitWindow: Double = 60, faultRetryAfter: Int = 1,
        tokenLifetime: Int = 86_400
    ) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.latency = latency
        self.faultRate = faultRate
        self.seed = seed
        self.rateLimitPerMinute = rateLimitPerMinute
        self.rateLimitWindow = rateLimitWindow
        self.faultRetryAfter = faultRetryAfter
        self.tokenLifetime = tokenLifetime
    }
}

/// Counters an operator or a test can read.
public struct GenesysEmulatorStats: Sendable, Hashable {
    /// Every request received, the token endpoint's included.
    public var requests = 0
    /// Tokens issued.
    public var logins = 0
    /// 429s because a client went past the configured rate.
    public var rateLimited = 0
    /// 429, 500 and 503 answers injected by `faultRate`.
    public var injectedFaults = 0
    /// Bodies and headers of every request seen, for leak checks (tests).
    public var transcript: [String] = []
}

extension GenesysEmulatorStats {
    /// The counters as JSON (`GET /_emulator/stats`); the transcript is left out.
    public var json: Value {
        [
            "requests": .int(requests), "logins": .int(logins), "rateLimited": .int(rateLimited),
            "injectedFaults": .int(injectedFaults),
        ]
    }

    /// One line for the operator.
    public var summary: String {
        "\(requests) requests, \(logins) logins, \(rateLimited) refused past the rate limit, "
            + "\(injectedFaults) injected faults"
    }
}

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
    private var windows: [String: [Double]] = [:]
    private var rng: UInt64
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
        self.rng = options.seed == 0 ? 0x9E37_79B9_7F4A_7C15 : options.seed
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
        if options.latency > 0 { try? await Task.sleep(nanoseconds: UInt64(options.latency * 1_000_000_000)) }
        if request.path == "/oauth/token" { return login(request) }
        if request.path == "/_emulator/stats" { return json(200, stats.json) }
        guard request.path.hasPrefix("/api/v2/") else { return error(404, "not.found", "no route for \(request.path)") }
        guard let bearer = request.headers["authorization"], bearer.lowercased().hasPrefix("bearer "),
            let token = tokens[String(bearer.dropFirst(7))], token.expires > now()
        else {
            return error(401, "authentication.required", "No authentication bearer token specified in authorization header.")
        }
        let t = now()
        var window = windows[token.client, default: []].filter { $0 > t - options.rateLimitWindow }
        var headers = [
            "inin-ratelimit-allowed": String(options.rateLimitPerMinute),
            "inin-ratelimit-count": String(window.count + 1),
            "inin-ratelimit-reset": String(Int((window.first.map { $0 + options.rateLimitWindow - t } ?? options.rateLimitWindow).rounded(.up))),
        ]
        if window.count >= options.rateLimitPerMinute {
            stats.rateLimited += 1
            windows[token.client] = window
            let wait = max(1, Int(((window.first ?? t) + options.rateLimitWindow - t).rounded(.up)))
            headers["Retry-After"] = String(wait)
            return error(
                429, "too.many.requests",
                "Rate limit exceeded the maximum [\(options.rateLimitPerMinute)] requests within [\(Int(options.rateLimitWindow))] seconds",
                headers: headers)
        }
        window.append(t)
        windows[token.client] = window
        var faultAfter = false
        if options.faultRate > 0, roll() < options.faultRate {
            stats.injectedFaults += 1
            switch roll() {
            case ..<0.34:
                return error(429, "too.many.requests", "Rate limit exceeded (injected)",
                    headers: headers.merging(["Retry-After": String(options.faultRetryAfter)]) { _, b in b })
            case ..<0.67:
                return error(503, "service.unavailable", "The service is currently unavailable (injected)", headers: headers)
            default:
                faultAfter = true
            }
        }
        var response: HTTPResponse
        do {
            response = try await route(request)
        } catch let e as EmulatorError {
            response = error(e.status, e.code, e.message, details: e.details)
        } catch let e as PlatformError {
            // A rule of the sandbox: the vendor's code and status, as an ErrorBody.
            response = error(e.status ?? 400, e.code, e.message)
        } catch {
            response = self.error(500, "internal.server.error", "The emulator failed: \(error)")
        }
        if faultAfter {
            // The change happened, the answer is lost: only a client that looks before repeating avoids a duplicate.
            return self.error(500, "internal.server.error", "An internal server error occurred (injected)", headers: headers)
        }
        for (k, v) in headers { response.headers[k] = v }
        return response
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

    private func roll() -> Double {
        rng &+= 0x9E37_79B9_7F4A_7C15
        var z = rng
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }

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
            "contextId": .string(Digest.hex(Digest.randomBytes(8))), "details": .list(details), "errors": [],
        ], headers: headers)
    }

    private func route(_ request: HTTPServerRequest) async throws -> HTTPResponse {
        let parts = request.path.dropFirst("/api/v2/".count).split(separator: "/").map(String.init)
        let body = request.body.isEmpty ? Value.null : ((try? JSONCoding.parse(request.body)) ?? .null)
        let (org, timing) = (backend.org, backend.timing)
        let result: (Int, Value?) = try await backend.transact { world, now in
            var wire = GenesysEmulatorWire(world: world, org: org, now: now, timing: timing)
            let reply = try wire.route(request.method, parts, query: request.query, body: body)
            world = wire.world
            return reply
        }
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
