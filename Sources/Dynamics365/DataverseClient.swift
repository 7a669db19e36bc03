import Foundation
import PlatformKit
import SwitchboardModel

/// Tuning for a Dynamics 365 connection.
public struct DataverseClientOptions: Sendable {
    /// Requests this client sends at most in `window` seconds (Dataverse's service protection allows 6,000 per user
    /// in a 5-minute sliding window).
    public var requestLimit: Int
    /// The window of `requestLimit`, in seconds.
    public var window: Double
    /// Requests under way at once at most (Dataverse refuses past 52 concurrent requests per user).
    public var maxConcurrent: Int
    public var retry: RetryPolicy
    /// Seconds before one HTTP request times out.
    public var requestTimeout: Double
    /// Rows per page of a listing (`Prefer: odata.maxpagesize`): 5,000 by default, Dataverse's largest page.
    public var pageSize: Int
    /// Seconds before a token's expiry at which it is renewed.
    public var renewMargin: Double
    /// Sleeps; tests may speed time up.
    public var sleep: @Sendable (Double) async throws -> Void
    /// Seconds on a monotonic clock.
    public var now: @Sendable () -> Double

    /// Creates options; the defaults suit a live environment.
    public init(
        requestLimit: Int = 6000, window: Double = 300, maxConcurrent: Int = 8, retry: RetryPolicy = .standard,
        requestTimeout: Double = 30, pageSize: Int = 5000, renewMargin: Double = 300,
        sleep: @escaping @Sendable (Double) async throws -> Void = RateLimiter.taskSleep,
        now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }
    ) {
        self.requestLimit = requestLimit
        self.window = window
        self.maxConcurrent = max(1, min(maxConcurrent, 52))
        self.retry = retry
        self.requestTimeout = requestTimeout
        self.pageSize = max(1, min(pageSize, 5000))
        self.renewMargin = renewMargin
        self.sleep = sleep
        self.now = now
    }
}

extension DataverseClientOptions {
    /// The options of an adapter talking to the emulator in process: no request budget (the emulator in process
    /// has no service protection), waits at the sandbox's pace.
    public static func inProcess(_ pacing: InProcessPacing) -> DataverseClientOptions {
        DataverseClientOptions(requestLimit: .max, window: 0.001, sleep: pacing.sleep, now: pacing.now)
    }
}

/// JSON over the transport for the Dataverse Web API v9.2: the Entra ID token, the OData headers, service
/// protection (a request budget, a bound on concurrent requests, 429s retried after `Retry-After`), paging by
/// `@odata.nextLink`, and `{"error": {"code", "message"}}` errors as `PlatformError`.
public struct DataverseClient: Sendable {
    /// `<organization>/api/data/v9.2`.
    public let apiRoot: URL
    /// The Entra ID client credentials.
    public let auth: OAuthClientCredentials
    public let limiter: RateLimiter
    public let options: DataverseClientOptions
    private let sender: RequestSender
    private let cache = MetadataCache()

    /// Creates a client: API calls go to `apiBase` (the organization URL, or one endpoint that serves everything)
    /// and tokens come from `tokenURL` for `scope`.
    public init(
        apiBase: URL, tokenURL: URL, scope: String, clientId: String, clientSecret: String,
        transport: @escaping HTTPTransport, options: DataverseClientOptions = .init()
    ) {
        apiRoot = apiBase.appendingPathComponent("api/data/v9.2")
        self.options = options
        let gate = ConcurrencyLimiter(limit: options.maxConcurrent)
        let gated: HTTPTransport = { request in try await gate.run { try await transport(request) } }
        auth = OAuthClientCredentials(
            .init(
                tokenURL: tokenURL, clientId: clientId, clientSecret: clientSecret, placement: .formFields,
                scope: scope, renewMargin: options.renewMargin, defaultLifetime: 3599, errorCode: "dynamics.login",
                rejectedCode: "invalid_client"),
            transport: gated, retry: options.retry, now: options.now, sleep: options.sleep)
        limiter = RateLimiter(limit: options.requestLimit, window: options.window, now: options.now, sleep: options.sleep)
        sender = RequestSender(
            transport: gated, authorization: .bearer(auth), limiter: limiter, retry: options.retry, sleep: options.sleep)
    }

    // MARK: - Requests

    /// Sends one request to `path` below the API root (or to an absolute `url`, a next-page link) and returns the
    /// 2xx answer.
    /// - Parameter safe: true when repeating after a 5xx or a lost answer is harmless.
    /// - Throws: `PlatformError` with Dataverse's code.
    public func send(
        _ method: String, _ path: String, url: URL? = nil, query: [(String, String)] = [], body: Value? = nil,
        headers extra: [String: String] = [:], safe: Bool, resource: Address?
    ) async throws -> HTTPResponse {
        let label = "\(method) /api/data/v9.2/\(path)"
        guard let target = url ?? Self.url(apiRoot, path, query) else {
            throw PlatformError(code: "dynamics.endpoint", message: "bad request path", request: label)
        }
        var headers = [
            "Accept": "application/json", "OData-MaxVersion": "4.0", "OData-Version": "4.0",
            "If-None-Match": "null",
        ]
        if method == "PATCH" { headers["If-None-Match"] = nil }
        var data: Data?
        if let body {
            headers["Content-Type"] = "application/json; charset=utf-8"
            data = JSONCoding.data(body)
        }
        for (k, v) in extra { headers[k] = v }
        let request = HTTPRequest(method: method, url: target, headers: headers, body: data, timeout: options.requestTimeout)
        let outcome = try await sender.send(request, safeToRepeat: safe)
        guard let response = outcome.response, (200..<300).contains(response.status) else {
            throw error(response: outcome.response, failure: outcome.failure, label: label, resource: resource)
        }
        return response
    }

    /// The JSON answer of a GET; nil on 404.
    /// - Throws: `PlatformError`.
    public func get(_ path: String, query: [(String, String)] = [], resource: Address?) async throws -> Value? {
        do {
            let response = try await send("GET", path, query: query, safe: true, resource: resource)
            return try Self.json(response, label: "GET \(path)")
        } catch let e as PlatformError where e.status == 404 {
            return nil
        }
    }

    /// Every row of a listing, page by page (`Prefer: odata.maxpagesize`, `@odata.nextLink`).
    /// - Throws: `PlatformError`.
    public func list(_ path: String, query: [(String, String)] = [], resource: Address?) async throws -> [Value] {
        let first = Self.url(apiRoot, path, query)
        return try await Pages.collect(from: first?.absoluteString ?? path) { link in
            let response = try await send(
                "GET", path, url: URL(string: link), headers: ["Prefer": "odata.maxpagesize=\(options.pageSize)"],
                safe: true, resource: resource)
            let body = try Self.json(response, label: "GET \(path)")
            let page = URL(string: link) ?? apiRoot
            let next = Pages.nextURL(body["@odata.nextLink"]?.stringValue, from: page)?.absoluteString
            return Pages.Page(items: body["value"]?.listValue ?? [], next: next)
        }
    }

    /// Creates a row; returns its id, read from the `OData-EntityId` header.
    /// - Throws: `PlatformError` (a lost answer is not repeated: the caller looks first).
    public func create(_ set: String, _ body: Value, resource: Address?) async throws -> String {
        let response = try await send("POST", set, body: body, safe: false, resource: resource)
        guard let id = Self.entityId(response.header("OData-EntityId")) else {
            throw PlatformError(
                code: "dynamics.response", message: "\(resource.map { "\($0): " } ?? "")the create answered without "
                    + "an OData-EntityId", request: "POST /api/data/v9.2/\(set)", status: response.status)
        }
        return id
    }

    /// Changes a row: `PATCH` with `If-Match: *`, so a row that is gone is a 404, never a new row.
    /// - Throws: `PlatformError`.
    public func update(_ set: String, _ id: String, _ body: Value, resource: Address?) async throws {
        _ = try await send("PATCH", "\(set)(\(id))", body: body, headers: ["If-Match": "*"], safe: true, resource: resource)
    }

    /// Deletes a row; one already gone is fine.
    /// - Throws: `PlatformError`.
    public func delete(_ set: String, _ id: String, resource: Address?) async throws {
        do {
            _ = try await send("DELETE", "\(set)(\(id))", safe: true, resource: resource)
        } catch let e as PlatformError where e.status == 404 {
            return
        }
    }

    /// The entity set name of a table, from `EntityDefinitions` (asked once per client).
    /// - Throws: `PlatformError`.
    public func entitySet(_ logicalName: String) async throws -> String {
        if let known = await cache.set(logicalName) { return known }
        guard
            let body = try await get(
                "EntityDefinitions(LogicalName='\(logicalName)')", query: [("$select", "EntitySetName,PrimaryIdAttribute")],
                resource: nil),
            let set = body["EntitySetName"]?.stringValue
        else {
            throw PlatformError(
                code: "dynamics.metadata",
                message: "the environment has no table '\(logicalName)': is the Omnichannel solution installed?")
        }
        await cache.setSet(logicalName, set)
        return set
    }

    /// The id of the `msdyn_oclanguage` row of an LCID (asked once per client).
    /// - Throws: `PlatformError` when the environment has no such language.
    public func languageId(_ lcid: Int, resource: Address?) async throws -> String {
        if let known = await cache.language(lcid) { return known }
        let set = try await entitySet("msdyn_oclanguage")
        let rows = try await list(
            set, query: [("$select", "msdyn_oclanguageid,msdyn_localeid"), ("$filter", "msdyn_localeid eq \(lcid)")],
            resource: resource)
        guard let id = rows.first?["msdyn_oclanguageid"]?.stringValue else {
            throw PlatformError(
                code: "dynamics.language",
                message: "\(resource.map { "\($0): " } ?? "")the environment offers no language with LCID \(lcid)")
        }
        await cache.setLanguage(lcid, id)
        return id
    }

    /// The LCID of a `msdyn_oclanguage` row (every language is read once per client).
    /// - Throws: `PlatformError`.
    public func lcid(ofLanguage id: String, resource: Address?) async throws -> Int? {
        if let known = await cache.lcid(id) { return known }
        let set = try await entitySet("msdyn_oclanguage")
        for row in try await list(set, query: [("$select", "msdyn_oclanguageid,msdyn_localeid")], resource: resource) {
            if let rid = row["msdyn_oclanguageid"]?.stringValue, let lcid = row["msdyn_localeid"]?.intValue {
                await cache.setLanguage(lcid, rid)
            }
        }
        return await cache.lcid(id)
    }

    /// `/<set>(<id>)`: a row as `@odata.bind` and `@odata.id` name it.
    public static func bind(_ set: String, _ id: String) -> Value { .string("/\(set)(\(id))") }

    // MARK: - Helpers

    static func url(_ root: URL, _ path: String, _ query: [(String, String)]) -> URL? {
        guard var components = URLComponents(url: root, resolvingAgainstBaseURL: false) else { return nil }
        components.percentEncodedPath = components.percentEncodedPath + "/" + path
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        return components.url
    }

    /// The GUID at the end of an `OData-EntityId` (`.../msdyn_liveworkstreams(<guid>)`).
    static func entityId(_ header: String?) -> String? {
        guard let header, header.hasSuffix(")"), let open = header.lastIndex(of: "(") else { return nil }
        let id = header[header.index(after: open)..<header.index(before: header.endIndex)]
        return id.isEmpty ? nil : String(id)
    }

    static func json(_ response: HTTPResponse, label: String) throws -> Value {
        if response.body.isEmpty { return .null }
        do { return try JSONCoding.parse(response.body) } catch {
            throw PlatformError(code: "dynamics.response", message: "the reply is not JSON", request: label, status: response.status)
        }
    }

    private func error(response: HTTPResponse?, failure: Error?, label: String, resource: Address?) -> PlatformError {
        let prefix = resource.map { "\($0): " } ?? ""
        let scrub = RequestAuthorization.bearer(auth).secrets
        guard let response else {
            let why = failure.map { "\($0)" } ?? "no response"
            return PlatformError(
                code: failure as? HTTPTransportError == .timedOut ? "request.timeout" : "dynamics.connection",
                message: prefix + Redactor.scrub(why, secrets: scrub), request: label, retryable: true)
        }
        let error = (try? JSONCoding.parse(response.body))?["error"]
        let code = error?["code"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "http.\(response.status)"
        let message = error?["message"]?.stringValue ?? (response.status == 401 ? "the access token was refused" : "HTTP \(response.status)")
        return PlatformError(
            code: code, message: prefix + Redactor.scrub(message, secrets: scrub), request: label,
            status: response.status, retryable: response.status == 429 || response.status >= 500)
    }
}

/// What a client learned of the environment's metadata: entity set names and language rows.
actor MetadataCache {
    private var sets: [String: String] = [:]
    private var languages: [Int: String] = [:]

    func set(_ logicalName: String) -> String? { sets[logicalName] }
    func setSet(_ logicalName: String, _ set: String) { sets[logicalName] = set }
    func language(_ lcid: Int) -> String? { languages[lcid] }
    func setLanguage(_ lcid: Int, _ id: String) { languages[lcid] = id }
    func lcid(_ id: String) -> Int? { languages.first { $0.value == id }?.key }
}
