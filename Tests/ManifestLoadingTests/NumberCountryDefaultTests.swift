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

    /// A calling code several countries share takes the country the numbering plan gives the number's prefix
    /// (DESIGN.md 3.3): a NANP area code, a Crown Dependency's prefix, Kazakhstan's +76/+77.
    @Test(arguments: [
        ("+14155550123", "US"), ("+14165550123", "CA"), ("+18765550123", "JM"), ("+447700900123", "GB"),
        ("+441481700123", "GG"), ("+77012345678", "KZ"), ("+74951234567", "RU"),
    ])
    func aSharedCallingCodeIsDerivedFromThePrefix(phone: String, country: String) throws {
        let r = try load(phone)
        #expect(r.diagnostics.isEmpty)
        guard case .number(let n)? = r.manifests?.resource(Address(.number, "n"))?.spec else {
            Issue.record("no number")
            return
        }
        #expect(n.country == country)
        #expect(try load(phone, country: "FR").diagnostics.map(\.code) == ["number.country"])
    }

    /// Where the table cannot tell (+262: Réunion or Mayotte), the manifest must say.
    @Test func anUnresolvedSharedCodeAsksForTheCountry() throws {
        #expect(try load("+262262123456").diagnostics.map(\.code) == ["number.country"])
        #expect(try load("+262262123456", country: "RE").diagnostics.isEmpty)
    }
}
