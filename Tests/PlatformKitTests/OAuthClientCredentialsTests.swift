import Foundation
import PlatformKit
import SwitchboardModel
import SwitchboardTestSupport
import Testing

private func answer(_ status: Int, _ body: Value, headers: [String: String] = [:]) -> HTTPResponse {
    HTTPResponse(status: status, headers: headers, body: JSONCoding.data(body))
}

@Suite struct OAuthClientCredentialsTests {
    static let secret = "client-secret-VALUE-7f3a9c"
    static let tokenURL = URL(string: "https://login.example/tenant-1/oauth2/v2.0/token")!

    static func configuration(
        _ placement: OAuthClientCredentials.CredentialPlacement = .basicAuth, scope: String? = nil
    )
        -> OAuthClientCredentials.Configuration
    {
        OAuthClientCredentials.Configuration(
            tokenURL: tokenURL, clientId: "app-1", clientSecret: secret, placement: placement, scope: scope)
    }

    /// A token endpoint that mints `t1`, `t2` ... valid for `lifetime` seconds, and records every request.
    static func endpoint(_ seen: Locked<[HTTPRequest]>, lifetime: Int = 300) -> HTTPTransport {
        { request in
            let n = seen.with {
                $0.append(request)
                return $0.count
            }
            return answer(
                200, ["access_token": .string("t\(n)"), "expires_in": .int(lifetime), "token_type": "Bearer"])
        }
    }

    @Test func cachesTheTokenUntilShortlyBeforeItExpires() async throws {
        let clock = Locked(0.0)
        let seen = Locked<[HTTPRequest]>([])
        var configuration = Self.configuration()
        configuration.renewMargin = 60
        let auth = OAuthClientCredentials(configuration, transport: Self.endpoint(seen), now: { clock.get })
        #expect(try await auth.accessToken() == "t1")
        clock.with { $0 = 239 }
        #expect(try await auth.accessToken() == "t1")
        clock.with { $0 = 240 }  // 60 s before expiry: renewed
        #expect(try await auth.accessToken() == "t2")
        #expect(await auth.loginCount == 2)
    }

    @Test func aShortLivedTokenIsRenewedHalfwayAtTheLatest() async throws {
        let clock = Locked(0.0)
        let seen = Locked<[HTTPRequest]>([])
        let auth = OAuthClientCredentials(
            Self.configuration(), transport: Self.endpoint(seen, lifetime: 40), now: { clock.get })
        #expect(try await auth.accessToken() == "t1")
        clock.with { $0 = 19 }
        #expect(try await auth.accessToken() == "t1")
        clock.with { $0 = 20 }
        #expect(try await auth.accessToken() == "t2")
    }

    @Test func basicAuthSendsTheCredentialsInTheHeaderOnly() async throws {
        let seen = Locked<[HTTPRequest]>([])
        let auth = OAuthClientCredentials(
            Self.configuration(scope: "https://org.example/.default"), transport: Self.endpoint(seen))
        _ = try await auth.accessToken()
        let request = try #require(seen.get.first)
        #expect(request.method == "POST")
        #expect(request.url == Self.tokenURL)
        #expect(request.header("authorization") == "Basic " + Data("app-1:\(Self.secret)".utf8).base64EncodedString())
        #expect(request.header("content-type") == "application/x-www-form-urlencoded")
        #expect(request.body == Data("grant_type=client_credentials&scope=https%3A%2F%2Forg.example%2F.default".utf8))
    }

    @Test func formFieldsSendTheCredentialsInTheBody() async throws {
        let seen = Locked<[HTTPRequest]>([])
        let auth = OAuthClientCredentials(
            Self.configuration(.formFields, scope: "https://org.example/.default"), transport: Self.endpoint(seen))
        _ = try await auth.accessToken()
        let request = try #require(seen.get.first)
        #expect(request.header("authorization") == nil)
        #expect(
            String(decoding: request.body ?? Data(), as: UTF8.self)
                == "grant_type=client_credentials&scope=https%3A%2F%2Forg.example%2F.default&client_id=app-1"
                + "&client_secret=client-secret-VALUE-7f3a9c")
    }

    @Test func concurrentCallersShareOneLogin() async throws {
        let seen = Locked<[HTTPRequest]>([])
        let slow: HTTPTransport = { request in
            try await Task.sleep(nanoseconds: 20_000_000)
            return try await Self.endpoint(seen)(request)
        }
        let auth = OAuthClientCredentials(Self.configuration(), transport: slow)
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10 { group.addTask { try await auth.accessToken() } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(tokens == ["t1"])
        #expect(seen.get.count == 1)
    }

    @Test func aRejectedTokenIsInvalidatedOnceHoweverManyCallsSawIt() async throws {
        let seen = Locked<[HTTPRequest]>([])
        let auth = OAuthClientCredentials(Self.configuration(), transport: Self.endpoint(seen))
        let rejected = try await auth.accessToken()
        await auth.invalidate(rejected)
        let fresh = try await auth.accessToken()
        #expect(fresh == "t2")
        // A second call that got its 401 with the old token does not throw the new one away.
        await auth.invalidate(rejected)
        #expect(try await auth.accessToken() == "t2")
        await auth.invalidate()
        #expect(try await auth.accessToken() == "t3")
    }

    @Test func aThrottledLoginIsRetriedAfterTheDelayTheServerAsks() async throws {
        let calls = Locked(0)
        let sleeps = Locked<[Double]>([])
        var configuration = Self.configuration()
        configuration.isThrottled = {
            $0.status == 400 && String(decoding: $0.body, as: UTF8.self).contains("slow down")
        }
        configuration.delayHeaders = RetryPolicy.retryAfter + ["X-Reset"]
        let auth = OAuthClientCredentials(
            configuration,
            transport: { _ in
                if calls.with({
                    $0 += 1
                    return $0
                }) < 3 {
                    return answer(
                        400, ["error": "invalid_request", "error_description": "slow down"], headers: ["X-Reset": "2"])
                }
                return answer(200, ["access_token": "ok", "expires_in": 3600])
            }, sleep: { sleeps.append($0) })
        #expect(try await auth.accessToken() == "ok")
        #expect(calls.get == 3)
        #expect(sleeps.get == [2, 2])
    }

    @Test func anOrdinary400IsNotRetried() async throws {
        let calls = Locked(0)
        let auth = OAuthClientCredentials(
            Self.configuration(),
            transport: { _ in
                calls.with { $0 += 1 }
                return answer(400, ["error": "invalid_scope", "error_description": "unknown scope"])
            }, sleep: { _ in })
        let error = try #require(await platformError { try await auth.accessToken() })
        #expect(calls.get == 1)
        #expect(error.code == "invalid_scope")
        #expect(error.message == "unknown scope")
        #expect(error.request == "POST /tenant-1/oauth2/v2.0/token")
    }

    @Test func rejectedCredentialsNameTheProblemWithoutTheSecret() async throws {
        let basic = Data("app-1:\(Self.secret)".utf8).base64EncodedString()
        let auth = OAuthClientCredentials(
            Self.configuration(),
            transport: { _ in
                answer(
                    401, ["error": "invalid_client", "error_description": .string("bad \(Self.secret) in \(basic)")])
            }, sleep: { _ in })
        let error = try #require(await platformError { try await auth.accessToken() })
        #expect(error.status == 401)
        #expect(error.code == "invalid_client")
        #expect(error.message.hasPrefix("the OAuth client id or secret was rejected: "))
        for leak in [Self.secret, basic] {
            #expect(!error.description.contains(leak))
            #expect(!error.message.contains(leak))
        }
    }

    @Test func failuresWithoutTheVendorsWordsTakeTheConfiguredCodes() async throws {
        var configuration = Self.configuration()
        configuration.errorCode = "vendor.login"
        configuration.rejectedCode = "vendor.credentials"
        let unreadable = OAuthClientCredentials(
            configuration, transport: { _ in HTTPResponse(status: 401, body: Data("<html>".utf8)) }, sleep: { _ in })
        #expect(await platformError { try await unreadable.accessToken() }?.code == "vendor.credentials")
        let empty = OAuthClientCredentials(configuration, transport: { _ in answer(200, ["expires_in": 60]) })
        let noToken = await platformError { try await empty.accessToken() }
        #expect(noToken?.code == "vendor.login")
        #expect(noToken?.message.contains("without an access_token") == true)
        let down = OAuthClientCredentials(
            configuration, transport: { _ in throw HTTPTransportError.connection("refused for \(Self.secret)") },
            retry: RetryPolicy(maxAttempts: 2, random: { 0 }), sleep: { _ in })
        let unreachable = try #require(await platformError { try await down.accessToken() })
        #expect(unreachable.code == "vendor.login")
        #expect(unreachable.retryable)
        #expect(!unreachable.description.contains(Self.secret))
    }
}
