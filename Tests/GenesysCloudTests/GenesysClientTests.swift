import Foundation
import Reconciler
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import GenesysCloud
import PlatformKit
@testable import Sandbox

func jsonResponse(_ status: Int, _ body: Value, headers: [String: String] = [:]) -> HTTPResponse {
    HTTPResponse(status: status, headers: headers, body: Data(body.jsonText.utf8))
}

@Suite struct GenesysClientTests {
    static let secret = "s3cr3t-client-secret-value"
    static let token = "tok-abcdefghijklmnop"

    func client(
        clock: Locked<Double> = Locked(0), sleeps: Locked<[Double]> = Locked([]), rpm: Int = 300,
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) throws -> GenesysClient {
        let endpoints = try GenesysRegionEndpoints(endpoint: "http://127.0.0.1:9")
        var options = GenesysClientOptions(rateLimitPerMinute: rpm, retry: RetryPolicy(random: { 1 }))
        options.sleep = { d in
            sleeps.with { $0.append(d) }
            clock.with { $0 += d }
        }
        options.now = { clock.get }
        return GenesysClient(
            endpoints: endpoints, clientId: "client-1", clientSecret: Self.secret,
            transport: { request in
                if request.url.path == "/oauth/token" {
                    return jsonResponse(200, ["access_token": .string(Self.token), "expires_in": 600])
                }
                return handler(request)
            }, options: options)
    }

    @Test func regionTableAndExplicitURL() throws {
        let east = try GenesysRegionEndpoints(endpoint: "us-east-1")
        #expect(east.api.absoluteString == "https://api.mypurecloud.com")
        #expect(east.login.absoluteString == "https://login.mypurecloud.com")
        let de = try GenesysRegionEndpoints(endpoint: "eu-central-1")
        #expect(de.api.absoluteString == "https://api.mypurecloud.de")
        let local = try GenesysRegionEndpoints(endpoint: "http://127.0.0.1:8787/")
        #expect(local.api == local.login)
        #expect(local.api.absoluteString == "http://127.0.0.1:8787")
        #expect(throws: PlatformError.self) { try GenesysRegionEndpoints(endpoint: "mars-north-1") }
    }

    @Test func loginUsesBasicAuthFormBodyAndCachesUntilRenewal() async throws {
        let clock = Locked(0.0)
        let seen = Locked<[HTTPRequest]>([])
        let auth = GenesysAuth.credentials(
            login: URL(string: "https://login.mypurecloud.com")!, clientId: "id", clientSecret: "pw",
            transport: { r in
                seen.with { $0.append(r) }
                return jsonResponse(200, ["access_token": .string("t\(seen.get.count)"), "expires_in": 300])
            }, renewMargin: 60, now: { clock.get })
        #expect(try await auth.accessToken() == "t1")
        clock.with { $0 = 200 }
        #expect(try await auth.accessToken() == "t1")
        clock.with { $0 = 241 }  // within 60 s of expiry: renewed
        #expect(try await auth.accessToken() == "t2")
        let first = try #require(seen.get.first)
        #expect(first.url.absoluteString == "https://login.mypurecloud.com/oauth/token")
        #expect(first.method == "POST")
        #expect(first.header("authorization") == "Basic " + Data("id:pw".utf8).base64EncodedString())
        #expect(first.header("content-type") == "application/x-www-form-urlencoded")
        #expect(first.body == Data("grant_type=client_credentials".utf8))
    }

    @Test func throttledLoginIsRetried() async throws {
        let calls = Locked(0)
        let auth = GenesysAuth.credentials(
            login: URL(string: "https://login.example")!, clientId: "id", clientSecret: "pw",
            transport: { _ in
                let n = calls.with { $0 += 1; return $0 }
                if n < 3 {
                    return jsonResponse(400, ["error": "invalid_request", "error_description": "rate limit exceeded; try later"])
                }
                return jsonResponse(200, ["access_token": "ok", "expires_in": 3600])
            }, retry: RetryPolicy(random: { 0 }), sleep: { _ in })
        #expect(try await auth.accessToken() == "ok")
        #expect(calls.get == 3)
    }

    @Test func wrongCredentialsNameTheProblemWithoutTheSecret() async throws {
        let auth = GenesysAuth.credentials(
            login: URL(string: "https://login.example")!, clientId: "id", clientSecret: Self.secret,
            transport: { _ in jsonResponse(401, ["error": "invalid_client", "error_description": .string("bad \(Self.secret)")]) },
            sleep: { _ in })
        let error = await platformError { try await auth.accessToken() }
        #expect(error != nil)
        #expect(error?.status == 401)
        #expect(error?.description.contains(Self.secret) == false)
        #expect(error?.message.contains("rejected") == true)
    }

    @Test func honoursRetryAfterOn429() async throws {
        let sleeps = Locked<[Double]>([])
        let calls = Locked(0)
        let c = try client(sleeps: sleeps) { _ in
            let n = calls.with { $0 += 1; return $0 }
            return n == 1 ? jsonResponse(429, ["code": "too.many.requests", "message": "slow"], headers: ["Retry-After": "7"])
                : jsonResponse(200, ["ok": true])
        }
        let v = try await c.send("POST", "/api/v2/x", body: ["a": 1], safe: false)
        #expect(v["ok"] == .bool(true))
        #expect(sleeps.get == [7])
    }

    @Test func honoursRateLimitResetHeader() async throws {
        let sleeps = Locked<[Double]>([])
        let calls = Locked(0)
        let c = try client(sleeps: sleeps) { _ in
            calls.with { $0 += 1; return $0 } == 1
                ? jsonResponse(429, [:], headers: ["inin-ratelimit-reset": "4"]) : jsonResponse(200, [:])
        }
        try await c.send("GET", "/api/v2/x")
        #expect(sleeps.get == [4])
    }

    @Test(arguments: [("GET", true, 2), ("PUT", true, 2), ("DELETE", true, 2), ("POST", false, 1)])
    func serverErrorsAreRetriedOnlyWhereSafe(method: String, retried: Bool, expectedCalls: Int) async throws {
        let calls = Locked(0)
        let c = try client { _ in
            calls.with { $0 += 1; return $0 } == 1 ? jsonResponse(503, ["code": "service.unavailable", "message": "down"])
                : jsonResponse(200, [:])
        }
        if retried {
            try await c.send(method, "/api/v2/x")
        } else {
            await #expect(throws: PlatformError.self) { try await c.send(method, "/api/v2/x") }
        }
        #expect(calls.get == expectedCalls)
    }

    @Test func timeoutsAreRetriedOnlyWhereSafe() async throws {
        let endpoints = try GenesysRegionEndpoints(endpoint: "http://127.0.0.1:9")
        let count = Locked(0)
        let t = GenesysClient(
            endpoints: endpoints, clientId: "a", clientSecret: "b",
            transport: { r in
                if r.url.path == "/oauth/token" { return jsonResponse(200, ["access_token": "t", "expires_in": 600]) }
                if count.with({ $0 += 1; return $0 }) == 1 { throw HTTPTransportError.timedOut }
                return jsonResponse(200, [:])
            }, options: GenesysClientOptions(retry: RetryPolicy(random: { 0 }), sleep: { _ in }))
        try await t.send("GET", "/api/v2/x")
        #expect(count.get == 2)
        count.with { $0 = 0 }
        let e = await platformError { try await t.send("POST", "/api/v2/x", safe: false) }
        #expect(e?.code == "request.timeout")
        #expect(count.get == 1)
    }

    @Test func errorsNameResourceRequestCodeAndMessageButNoSecrets() async throws {
        let c = try client { _ in
            jsonResponse(400, [
                "code": "invalid.value", "message": .string("Phone number \(Self.secret) is invalid"), "status": 400,
                "details": [["errorCode": "invalid.value", "fieldName": "phoneNumber"]],
            ])
        }
        let address = Address(.number, "us-main")
        let e = try #require(await platformError {
            try await c.send("POST", "/api/v2/routing/sms/phonenumbers/import", query: [("token", Self.token)],
                body: ["pin": "123456"], safe: false, resource: address, secrets: ["123456"])
        })
        #expect(e.code == "invalid.value")
        #expect(e.request == "POST /api/v2/routing/sms/phonenumbers/import")
        #expect(e.status == 400)
        #expect(e.message.hasPrefix("Number/us-main: "))
        #expect(e.message.contains("phoneNumber"))
        for leak in [Self.secret, Self.token, "123456"] { #expect(!e.description.contains(leak)) }
    }

    @Test func pagingFollowsPageCount() async throws {
        let c = try client { r in
            let page = Int(URLComponents(url: r.url, resolvingAgainstBaseURL: false)?.queryItems?
                .first { $0.name == "pageNumber" }?.value ?? "1") ?? 1
            return jsonResponse(200, ["entities": [["id": .string("e\(page)")]], "pageCount": 3, "pageNumber": .int(page)])
        }
        let all = try await c.getAll("/api/v2/things")
        #expect(all.compactMap { $0["id"]?.stringValue } == ["e1", "e2", "e3"])
    }

    @Test func pollingLooksSoonThenBacksOffAndAnnouncesOnce() async throws {
        let sleeps = Locked<[Double]>([])
        let looks = Locked(0)
        let c = try client(sleeps: sleeps) { _ in
            let n = looks.with { $0 += 1; return $0 }
            return jsonResponse(200, ["state": .string(n < 6 ? "InProgress" : "Completed")])
        }
        let lines = Locked<[String]>([])
        let v = try await c.poll("/api/v2/x/1", resource: nil, waitingFor: "state Completed", progress: { lines.append($0) }) {
            $0?["state"] == "Completed"
        }
        #expect(v?["state"] == "Completed")
        #expect(sleeps.get == [1, 1.5, 2.25, 3.375, 5.0625])
        #expect(lines.get == ["waiting for state Completed"])
    }

    @Test func pollingGivesUpAtItsTimeoutOnTheInjectedClock() async throws {
        let clock = Locked(0.0)
        let sleeps = Locked<[Double]>([])
        let c = try client(clock: clock, sleeps: sleeps) { _ in jsonResponse(200, ["state": "InProgress"]) }
        let address = Address(.number, "us-main")
        let e = try #require(await platformError {
            try await c.poll("/api/v2/x/1", resource: address, waitingFor: "state Completed") { _ in false }
        })
        #expect(e.code == "genesys.timeout")
        #expect(e.message == "Number/us-main: gave up waiting for state Completed after 600 s")
        #expect(e.retryable)
        #expect(clock.get == 600)
        #expect(sleeps.get.max() == 15)
        #expect(sleeps.get.count < 50)
    }

    @Test func aRejectedTokenLogsInAgainOnceThenFails() async throws {
        let endpoints = try GenesysRegionEndpoints(endpoint: "http://127.0.0.1:9")
        let logins = Locked(0)
        let calls = Locked(0)
        let c = GenesysClient(
            endpoints: endpoints, clientId: "a", clientSecret: Self.secret,
            transport: { r in
                if r.url.path == "/oauth/token" {
                    let n = logins.with { $0 += 1; return $0 }
                    return jsonResponse(200, ["access_token": .string("token-\(n)"), "expires_in": 600])
                }
                calls.with { $0 += 1 }
                return r.header("authorization") == "Bearer token-2" && calls.get == 2
                    ? jsonResponse(200, ["ok": true])
                    : jsonResponse(401, ["code": "authentication.required", "message": "token expired", "status": 401])
            }, options: GenesysClientOptions(sleep: { _ in }))
        #expect(try await c.send("GET", "/api/v2/x")["ok"] == .bool(true))
        #expect(logins.get == 2)
        let e = await platformError { try await c.send("GET", "/api/v2/x") }
        #expect(e?.status == 401)
        #expect(logins.get == 3)
        #expect(calls.get == 4)
    }
}
