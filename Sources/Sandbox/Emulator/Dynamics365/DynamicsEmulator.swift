import Foundation
import PlatformKit
import SwitchboardCrypto
import SwitchboardModel

/// An emulator of Microsoft Entra ID's token endpoint (`POST /{tenant}/oauth2/v2.0/token`, client credentials) and
/// the Dataverse Web API (`/api/data/v9.2/...`, Bearer auth) over one Dynamics 365 environment of the sandbox world,
/// with Dataverse's service protection (429 with `Retry-After` past the request count of the window or past the
/// concurrent requests) and errors as `{"error": {"code", "message"}}`.
public actor DynamicsEmulator {
    private let backend: DynamicsEmulatorBackend
    private let options: DynamicsEmulatorOptions
    private let now: @Sendable () -> Double
    private var tokens: [String: (client: String, expires: Double)] = [:]
    private var inFlight: [String: Int] = [:]
    private var traffic: EmulatorTraffic
    /// Counters since start.
    public private(set) var stats = GenesysEmulatorStats()
    /// When true, every request's text is kept in `stats.transcript` (tests).
    public var recordTranscript = false

    /// Creates an emulator over `backend`.
    public init(
        backend: DynamicsEmulatorBackend, options: DynamicsEmulatorOptions = .init(),
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.backend = backend
        self.options = options
        self.now = now
        traffic = EmulatorTraffic(
            EmulatorTrafficOptions(
                latency: options.latency, faultRate: options.faultRate, seed: options.seed,
                rateLimitPerMinute: options.requestLimit, rateLimitWindow: options.window,
                faultRetryAfter: options.faultRetryAfter))
    }

    /// Turns transcript recording on or off.
    public func setRecordTranscript(_ on: Bool) { recordTranscript = on }

    /// True for the paths this emulator serves: the Entra token endpoint and the Web API.
    public nonisolated static func serves(_ path: String) -> Bool {
        path.hasPrefix(DataverseWire.root) || isTokenPath(path)
    }

    private nonisolated static func isTokenPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        return parts.count == 4 && parts[1] == "oauth2" && parts[2] == "v2.0" && parts[3] == "token"
    }

    /// Answers one request.
    public func handle(_ request: HTTPServerRequest) async -> HTTPResponse {
        stats.requests += 1
        if recordTranscript {
            stats.transcript.append(
                "\(request.method) \(request.path) \(request.headers.sorted { $0.key < $1.key }) "
                    + String(decoding: request.body, as: UTF8.self))
        }
        if options.latency > 0 { try? await Task.sleep(nanoseconds: UInt64(options.latency * 1_000_000_000)) }
        if Self.isTokenPath(request.path) { return login(request) }
        guard request.path.hasPrefix(DataverseWire.root) else {
            return error(404, "0x80060888", "Resource not found for the segment '\(request.path)'.")
        }
        guard let client = authenticated(request) else {
            return HTTPResponse(
                status: 401,
                headers: ["WWW-Authenticate": "Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize"])
        }
        if let refused = admit(client) { return refused }
        inFlight[client, default: 0] += 1
        defer { inFlight[client, default: 1] -= 1 }
        var actedThenFailed = false
        switch injectedFault() {
        case .before(let response): return response
        case .after: actedThenFailed = true
        case nil: break
        }
        let response = await answer(request)
        if actedThenFailed {
            // The change happened, the answer is lost: only a client that looks before repeating avoids a duplicate.
            return error(500, "0x80040216", "An unexpected error occurred (injected).")
        }
        return response
    }

    // MARK: - Entra ID

    private func login(_ request: HTTPServerRequest) -> HTTPResponse {
        guard request.method == "POST" else { return oauthError(405, "invalid_request", "AADSTS900561: use POST") }
        var form: [String: String] = [:]
        for pair in String(decoding: request.body, as: UTF8.self).split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if kv.count == 2 { form[kv[0]] = kv[1] }
        }
        guard form["grant_type"] == "client_credentials" else {
            return oauthError(400, "unsupported_grant_type", "AADSTS70003: grant_type must be client_credentials")
        }
        guard let scope = form["scope"], scope.hasSuffix("/.default") else {
            return oauthError(400, "invalid_scope", "AADSTS70011: the scope must be '{organizationUrl}/.default'")
        }
        guard let id = form["client_id"], let secret = form["client_secret"], !id.isEmpty, !secret.isEmpty else {
            return oauthError(401, "invalid_client", "AADSTS7000216: client_assertion or client_secret is required")
        }
        if let wantId = options.clientId, let wantSecret = options.clientSecret, id != wantId || secret != wantSecret {
            return oauthError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.")
        }
        stats.logins += 1
        let token = "eyJ0eXAiOiJKV1Qi." + Digest.hex(Digest.randomBytes(24))
        tokens[token] = (id, now() + Double(options.tokenLifetime))
        return json(200, [
            "token_type": "Bearer", "expires_in": .int(options.tokenLifetime),
            "ext_expires_in": .int(options.tokenLifetime), "access_token": .string(token),
        ])
    }

    private func oauthError(_ status: Int, _ code: String, _ description: String) -> HTTPResponse {
        json(status, [
            "error": .string(code), "error_description": .string(description),
            "error_codes": .list([.int(Int(description.dropFirst(5).prefix { $0.isNumber }) ?? 0)]),
            "timestamp": .string(SandboxDates.format(Date())), "trace_id": .string(UUID().uuidString.lowercased()),
        ])
    }

    private func authenticated(_ request: HTTPServerRequest) -> String? {
        guard let bearer = request.headers["authorization"], bearer.lowercased().hasPrefix("bearer "),
            let token = tokens[String(bearer.dropFirst(7))], token.expires > now()
        else { return nil }
        return token.client
    }

    // MARK: - Service protection and faults

    /// Counts the request against the client's window and its concurrent requests; a 429 when past either.
    private func admit(_ client: String) -> HTTPResponse? {
        if inFlight[client, default: 0] >= options.concurrencyLimit {
            stats.rateLimited += 1
            return error(
                429, "0x80072326", "Number of concurrent requests exceeded the limit of \(options.concurrencyLimit).",
                headers: ["Retry-After": "1"])
        }
        guard let admission = traffic.admit(client, at: now()), !admission.admitted else { return nil }
        stats.rateLimited += 1
        return error(
            429, "0x80072322",
            "Number of requests exceeded the limit of \(options.requestLimit) over time window of "
                + "\(Int(options.window)) seconds.",
            headers: ["Retry-After": String(admission.retryAfter)])
    }

    private enum Fault {
        case before(HTTPResponse)
        case after
    }

    private func injectedFault() -> Fault? {
        guard let fault = traffic.fault() else { return nil }
        stats.injectedFaults += 1
        switch fault {
        case .throttled:
            return .before(error(
                429, "0x80072322", "Number of requests exceeded the limit (injected).",
                headers: ["Retry-After": String(options.faultRetryAfter)]))
        case .unavailable: return .before(error(503, "0x80040216", "The service is unavailable (injected)."))
        case .answerLost: return .after
        }
    }

    // MARK: - Web API

    private func answer(_ request: HTTPServerRequest) async -> HTTPResponse {
        let org = backend.org
        let origin = request.headers["host"].map { "http://\($0)" } ?? ""
        let rest = String(request.path.dropFirst(DataverseWire.root.count))
        do {
            let reply: DataverseWire.Reply = try await backend.store.transact { world, date in
                var wire = DataverseWire(world: world, org: org, now: date, origin: origin)
                let reply = try wire.route(
                    request.method, rest, query: request.query, headers: request.headers, body: request.body)
                world = wire.world
                return reply
            }
            var headers = reply.headers
            headers["OData-Version"] = "4.0"
            guard let body = reply.body else { return HTTPResponse(status: reply.status, headers: headers) }
            return json(reply.status, body, headers: headers)
        } catch let e as DataverseError {
            return error(e.status, e.code, e.message)
        } catch let e as PlatformError {
            return error(e.status ?? 400, e.code, e.message)
        } catch {
            return self.error(500, "0x80040216", "The emulator failed: \(error)")
        }
    }

    private func json(_ status: Int, _ body: Value, headers: [String: String] = [:]) -> HTTPResponse {
        var h = headers
        h["Content-Type"] = "application/json; odata.metadata=minimal"
        return HTTPResponse(status: status, headers: h, body: Data(body.jsonText.utf8))
    }

    private func error(_ status: Int, _ code: String, _ message: String, headers: [String: String] = [:]) -> HTTPResponse {
        json(status, ["error": ["code": .string(code), "message": .string(message)]], headers: headers)
    }
}

// MARK: - In process

extension DynamicsEmulator {
    /// What the adapter of a sandbox connection is built with: any client is accepted in process; the organization
    /// is the in-process endpoint (never resolved). A long, unlikely secret, since the client scrubs it from errors.
    public static let inProcessCredentials = [
        "tenantId": "sandbox", "clientId": "sandbox", "clientSecret": "switchboard-sandbox-in-process-client",
        "organizationUrl": ProjectSandbox.inProcessEndpoint,
    ]

    /// This emulator as the transport of the live adapter (`endpoint: sandbox`), in process.
    public nonisolated var transport: HTTPTransport { InProcessTransport.make { await self.handle($0) } }
}
