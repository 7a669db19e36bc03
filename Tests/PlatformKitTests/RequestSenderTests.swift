import Foundation
import PlatformKit
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@Suite struct RequestSenderTests {
    static let url = URL(string: "https://api.example/v1/things")!

    static func sender(
        _ authorization: RequestAuthorization, sleeps: Locked<[Double]> = Locked([]),
        isThrottled: @escaping @Sendable (HTTPResponse) -> Bool = { _ in false },
        transport: @escaping HTTPTransport
    ) -> RequestSender {
        RequestSender(
            transport: transport, authorization: authorization, limiter: RateLimiter(limit: 1000),
            retry: RetryPolicy(maxAttempts: 4, random: { 0 }), delayHeaders: RetryPolicy.retryAfter + ["X-Reset"],
            isThrottled: isThrottled, sleep: { sleeps.append($0) })
    }

    static func tokens(_ logins: Locked<Int>) -> OAuthClientCredentials {
        OAuthClientCredentials(
            .init(tokenURL: URL(string: "https://login.example/token")!, clientId: "id", clientSecret: "secret-value"),
            transport: { _ in
                let n = logins.with {
                    $0 += 1
                    return $0
                }
                return HTTPResponse(status: 200, body: Data(#"{"access_token":"token-\#(n)","expires_in":3600}"#.utf8))
            })
    }

    @Test func basicAuthorizationGoesOnEveryRequest() async throws {
        let seen = Locked<[String?]>([])
        let sender = Self.sender(.basic(username: "AC123", password: "auth-token")) { request in
            seen.append(request.header("authorization"))
            return HTTPResponse(status: 200)
        }
        let outcome = try await sender.send(HTTPRequest(method: "GET", url: Self.url), safeToRepeat: true)
        #expect(outcome.response?.status == 200)
        #expect(seen.get == ["Basic " + Data("AC123:auth-token".utf8).base64EncodedString()])
        #expect(RequestAuthorization.basic(username: "AC123", password: "auth-token").secrets.contains("auth-token"))
    }

    @Test func a401RenewsTheBearerTokenOnceThenGivesTheAnswerBack() async throws {
        let logins = Locked(0)
        let seen = Locked<[String?]>([])
        let sender = Self.sender(.bearer(Self.tokens(logins))) { request in
            seen.append(request.header("authorization"))
            return HTTPResponse(status: 401)
        }
        let outcome = try await sender.send(HTTPRequest(method: "GET", url: Self.url), safeToRepeat: true)
        #expect(outcome.response?.status == 401)
        #expect(seen.get == ["Bearer token-1", "Bearer token-2"])
        #expect(logins.get == 2)
    }

    @Test func a429IsRepeatedAfterTheServersDelayEvenWhenUnsafe() async throws {
        let sleeps = Locked<[Double]>([])
        let calls = Locked(0)
        let sender = Self.sender(.none, sleeps: sleeps) { _ in
            calls.with {
                $0 += 1
                return $0
            } == 1 ? HTTPResponse(status: 429, headers: ["X-Reset": "5"]) : HTTPResponse(status: 201)
        }
        let outcome = try await sender.send(HTTPRequest(method: "POST", url: Self.url), safeToRepeat: false)
        #expect(outcome.response?.status == 201)
        #expect(outcome.attempts == 2)
        #expect(sleeps.get == [5])
    }

    @Test func aVendorsThrottledAnswerIsRepeatedToo() async throws {
        let calls = Locked(0)
        let sender = Self.sender(.none, isThrottled: { $0.status == 503 && $0.header("X-Throttle") != nil }) { _ in
            calls.with {
                $0 += 1
                return $0
            } == 1 ? HTTPResponse(status: 503, headers: ["X-Throttle": "1"]) : HTTPResponse(status: 200)
        }
        let outcome = try await sender.send(HTTPRequest(method: "POST", url: Self.url), safeToRepeat: false)
        #expect(outcome.response?.status == 200)
    }

    @Test func aLostAnswerIsRepeatedOnlyWhereSafe() async throws {
        let calls = Locked(0)
        let sender = Self.sender(.none) { _ in
            calls.with { $0 += 1 }
            throw HTTPTransportError.timedOut
        }
        let unsafe = try await sender.send(HTTPRequest(method: "POST", url: Self.url), safeToRepeat: false)
        #expect(unsafe.response == nil)
        #expect(unsafe.failure as? HTTPTransportError == .timedOut)
        #expect(calls.get == 1)
        let safe = try await sender.send(HTTPRequest(method: "GET", url: Self.url), safeToRepeat: true)
        #expect(safe.attempts == 4)
        #expect(calls.get == 5)
    }
}
