import Foundation
import PlatformKit
import Testing

@Suite struct RedactorTests {
    @Test func requestsCredentialsAndConfigurationsDescribeThemselvesWithoutSecrets() throws {
        let secret = "client-secret-VALUE-55aa"
        let url = try #require(URL(string: "https://login.example/oauth/token?key=\(secret)"))
        let configuration = OAuthClientCredentials.Configuration(tokenURL: url, clientId: "app", clientSecret: secret)
        let request = HTTPRequest(
            method: "POST", url: url, headers: ["Authorization": "Basic \(secret)"], body: Data(secret.utf8))
        let basic = RequestAuthorization.basic(username: "AC1", password: secret)
        let bearer = RequestAuthorization.bearer(
            OAuthClientCredentials(configuration, transport: { _ in HTTPResponse(status: 500) }))
        for value in [request, configuration, basic, bearer] as [Any] {
            var dumped = ""
            dump(value, to: &dumped)
            for text in [String(describing: value), String(reflecting: value), "\(value)", dumped] {
                #expect(!text.contains(secret), "\(text)")
            }
        }
        #expect("\(request)" == "POST /oauth/token")
    }

    @Test func scrubsSecretsAndTheirBase64Forms() {
        let secret = "hunter2-secret"
        let text = "bad \(secret), header \(Data(secret.utf8).base64EncodedString()), short abc"
        #expect(Redactor.scrub(text, secrets: [secret, "abc"]) == "bad (redacted), header (redacted), short abc")
    }
}
