import Foundation
import PlatformKit
import SwitchboardModel

/// An emulator of the Twilio REST API for every endpoint Switchboard uses, in Twilio's wire format, serving every
/// Twilio account of the sandbox world.
///
/// Twilio spreads its API over four hosts (`api`, `messaging`, `content` and `accounts.twilio.com`); their paths do
/// not overlap, so the emulator serves all four on one port and routes by path (`serves(_:)`): a client maps each
/// host to the emulator's one URL. Requests authenticate with HTTP Basic (account SID and auth token, or API key and
/// secret); the account acted for is the one the credentials belong to (`SandboxWorld.authenticateTwilio`).
public actor TwilioEmulator {
    private let store: SandboxStore
    private let timing: SandboxTiming
    private let options: TwilioEmulatorOptions
    private let now: @Sendable () -> Double
    private var traffic: EmulatorTraffic
    /// Counters since start.
    public private(set) var stats = TwilioEmulatorStats()
    /// When true, every request's text is kept in `stats.transcript` (tests).
    public var recordTranscript = false

    /// Creates an emulator of the Twilio accounts of the world in `store`.
    public init(
        store: SandboxStore, timing: SandboxTiming, options: TwilioEmulatorOptions = .init(),
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.store = store
        self.timing = timing
        self.options = options
        self.now = now
        traffic = EmulatorTraffic(options)
    }

    /// True for a path of Twilio's API: the 2010 API, Messaging Services, Content, WhatsApp senders, auth tokens.
    public static func serves(_ path: String) -> Bool {
        ["/2010-04-01/", "/v1/Services", "/v1/Content", "/v1/AuthTokens/", "/v2/Channels/"].contains {
            path.hasPrefix($0)
        }
    }

    /// Turns transcript recording on or off.
    public func setRecordTranscript(_ on: Bool) { recordTranscript = on }

    /// Answers one request.
    public func handle(_ request: HTTPServerRequest) async -> HTTPResponse {
        stats.requests += 1
        if recordTranscript {
            stats.transcript.append(
                "\(request.method) \(request.path) \(request.query.sorted { $0.key < $1.key }) "
                    + "\(request.headers.sorted { $0.key < $1.key }) " + String(decoding: request.body, as: UTF8.self))
        }
        await options.delay()
        guard let credentials = Self.basicCredentials(request) else {
            stats.unauthorized += 1
            return unauthorized("Authentication Error - No credentials provided")
        }
        var headers: [String: String] = [:]
        if let a = traffic.admit(credentials.username, at: now()), !a.admitted {
            stats.rateLimited += 1
            return Self.error(429, 20429, "Too Many Requests", headers: ["Retry-After": String(a.retryAfter)])
        }
        var answerLost = false
        if let fault = traffic.fault() {
            stats.injectedFaults += 1
            switch fault {
            case .throttled:
                return Self.error(
                    429, 20429, "Too Many Requests (injected)",
                    headers: ["Retry-After": String(options.faultRetryAfter)])
            case .unavailable:
                return Self.error(503, 20503, "Service Unavailable (injected)")
            case .answerLost:
                answerLost = true
            }
        }
        var response = await answer(request, credentials)
        if response.status == 401 {
            stats.unauthorized += 1
            return response
        }
        if answerLost {
            // The change happened, the answer is lost: only a client that looks before repeating avoids a duplicate.
            return Self.error(500, 20500, "Internal Server Error (injected)")
        }
        headers["Twilio-Request-Id"] = SandboxWorld.newSid("RQ")
        for (k, v) in headers { response.headers[k] = v }
        return response
    }

    /// The API's answer: the route's reply, or its error in Twilio's error body. A request that fails leaves the
    /// world as it found it (advanced to now, as any read of the sandbox does).
    private func answer(_ request: HTTPServerRequest, _ credentials: (username: String, password: String)) async
        -> HTTPResponse
    {
        let timing = timing
        do {
            let outcome: Result<TwilioEmulatorWire.Reply, Error> = try await store.transact { world, now in
                var wire = TwilioEmulatorWire(world: world, now: now, timing: timing, host: request.headers["host"])
                // Credentials first, kept even when the request then fails (an account takes its first token).
                let account = try wire.authenticate(request, credentials)
                world = wire.world
                do {
                    let reply = try wire.route(request, account: account)
                    world = wire.world
                    return .success(reply)
                } catch {
                    return .failure(error)
                }
            }
            let reply = try outcome.get()
            guard let body = reply.body else { return HTTPResponse(status: reply.status) }
            return Self.json(reply.status, body)
        } catch let e as TwilioEmulatorWire.Refusal {
            return unauthorized(e.message)
        } catch let e as PlatformError {
            // A rule of the sandbox's Twilio: Twilio's numeric code and status.
            return Self.error(e.status ?? 400, Int(e.code) ?? 20001, e.message)
        } catch {
            return Self.error(500, 20500, "The emulator failed: \(error)")
        }
    }

    // MARK: - Wire helpers

    /// The user name and password of an HTTP Basic `Authorization` header.
    static func basicCredentials(_ request: HTTPServerRequest) -> (username: String, password: String)? {
        guard let auth = request.headers["authorization"], auth.lowercased().hasPrefix("basic "),
            let data = Data(base64Encoded: auth.dropFirst(6).trimmingCharacters(in: .whitespaces)),
            let decoded = String(data: data, encoding: .utf8), let colon = decoded.firstIndex(of: ":")
        else { return nil }
        return (String(decoded[..<colon]), String(decoded[decoded.index(after: colon)...]))
    }

    private func unauthorized(_ message: String) -> HTTPResponse {
        var response = Self.error(401, 20003, message)
        response.headers["WWW-Authenticate"] = "Basic realm=\"Twilio API\""
        return response
    }

    static func json(_ status: Int, _ body: Value, headers: [String: String] = [:]) -> HTTPResponse {
        var h = headers
        h["Content-Type"] = "application/json; charset=utf-8"
        return HTTPResponse(status: status, headers: h, body: JSONCoding.data(body))
    }

    /// Twilio's error body: `{"code", "message", "more_info", "status"}`.
    static func error(_ status: Int, _ code: Int, _ message: String, headers: [String: String] = [:]) -> HTTPResponse {
        json(
            status,
            [
                "code": .int(code), "message": .string(message),
                "more_info": .string("https://www.twilio.com/docs/errors/\(code)"), "status": .int(status),
            ], headers: headers)
    }
}

// MARK: - In process

extension TwilioEmulator {
    /// This emulator as the transport of a live adapter (`endpoint: sandbox`): each request is answered by `handle`
    /// in process, with no socket. Every host of the adapter's requests lands here; only the path counts.
    public nonisolated var transport: HTTPTransport { InProcessTransport.make { await self.handle($0) } }
}

extension ProjectSandbox {
    /// The Twilio emulator serving this sandbox's Twilio accounts in process (no rate limit, latency or faults), for
    /// the live Twilio adapter of an `endpoint: sandbox` connection.
    public var twilioEmulator: TwilioEmulator { TwilioEmulator(store: store, timing: timing, options: .inProcess) }
}
