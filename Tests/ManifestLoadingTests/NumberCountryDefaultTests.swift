import Foundation
import Testing
@testable import ManifestLoading
import SwitchboardModel

@Suite struct NumberCountryDefaultTests {
    func load(_ phone: String, country: String? = nil) throws -> LoadResult {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sb-country-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let countryLine = country.map { ", country: \($0)" } ?? ""
        try """
            apiVersion: switchboard/v1
            kind: Integration
            metadata: {name: sms}
            spec: {type: twilio-sms, accountSid: AC0123456789abcdef0123456789abcdef, authToken: {secretEnv: T}, region: us-east-1}
            ---
            apiVersion: switchboard/v1
            kind: Number
            metadata: {name: n}
            spec: {integration: sms, type: mobile, phoneNumber: "\(phone)"\(countryLine)}

            """.write(toFile: dir + "/n.yaml", atomically: true, encoding: .utf8)
        return ManifestLoader(environment: ["T": "x"]).load(directory: dir)
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
