import Foundation
import Testing
@testable import ManifestLoading
import SwitchboardWorkspace
import SwitchboardModel
import SwitchboardTestSupport

@Suite struct NumberCountryDefaultTests {
    func load(_ phone: String, country: String? = nil) throws -> LoadResult {
        let dir = try TemporaryDirectory("country")
        let countryLine = country.map { ", country: \($0)" } ?? ""
        try dir.write("n.yaml", """
            apiVersion: switchboard/v1
            kind: Integration
            metadata: {name: sms}
            spec: {type: twilio-sms, accountSid: AC0123456789abcdef0123456789abcdef, authToken: {secretEnv: T}, region: us-east-1}
            ---
            apiVersion: switchboard/v1
            kind: Number
            metadata: {name: n}
            spec: {integration: sms, type: mobile, phoneNumber: "\(phone)"\(countryLine)}

            """)
        return ManifestLoader(platforms: PlatformRegistry.catalog, environment: ["T": "x"]).load(directory: dir.path)
    }

    @Test func aSingleOwnerCountryIsTheDefault() throws {
        let r = try load("+4915112345678")
        #expect(r.diagnostics.isEmpty)
        guard case .number(let n)? = r.manifests?.resource(Address(.number, "n"))?.spec else {
            Issue.record("no number")
            return
        }
        #expect(n.country == "DE")
    }

    @Test(arguments: ["+14155550123", "+447700900123"])
    func aSharedCallingCodeStaysUnsetUnlessGiven(phone: String) throws {
        let r = try load(phone)
        #expect(r.diagnostics.isEmpty)
        guard case .number(let n)? = r.manifests?.resource(Address(.number, "n"))?.spec else {
            Issue.record("no number")
            return
        }
        #expect(n.country == nil)
        #expect(try load(phone, country: "FR").diagnostics.map(\.code) == ["number.country"])
    }
}
