import ManifestLoading
import SwitchboardModel
import Testing

/// The set rules of issue 17 that a one-diagnostic table cannot show: both places of a number used twice, what stays
/// valid (one number on two platforms, 40 "ü"), and the warning for Numbers on a disabled integration.
@Suite struct SetRulesTests {
    static func whatsApp(_ name: String, _ phone: String, platform: String? = nil) -> String {
        doc("Integration", name, """
              type: whatsapp\(platform.map { "\n  platform: \($0)" } ?? "")
              phoneNumber: "\(phone)"
              onboarding: {embeddedSignupToken: {secretEnv: TOKEN}, pin: {secretEnv: TOKEN}}
            """)
    }

    @Test func oneNumberOnTwoWhatsAppIntegrationsIsReportedAtBothPlaces() throws {
        let (result, _) = try Fixture.load(docs(Self.whatsApp("wa", "+14155550100"), Self.whatsApp("wb", "+14155550100")))
        let inUse = result.diagnostics.filter { $0.code == "number.in-use" }
        #expect(inUse.count == 2)
        #expect(Set(inUse.compactMap(\.location?.line)).count == 2)
        #expect(inUse.contains { $0.message.contains("Integration/wb") })
        #expect(inUse.contains { $0.message.contains("Integration/wa") })
    }

    @Test func aNumberAndAWhatsAppIntegrationOnOnePlatformCollide() throws {
        let number = doc("Number", "n", "  integration: sms\n  type: local\n  phoneNumber: \"+14155550100\"")
        let (result, _) = try Fixture.load(docs(sms, number, Self.whatsApp("wa", "+14155550100")))
        #expect(result.diagnostics.map(\.code) == ["number.in-use", "number.in-use"])
    }

    @Test func theSameNumberOnTwoPlatformsIsFine() throws {
        // A Dynamics 365 WhatsApp number and a Genesys Cloud WhatsApp integration are two organizations' objects.
        let number = doc("Number", "n", "  integration: twa\n  type: whatsapp\n  phoneNumber: \"+14155550100\"")
        let (result, _) = try Fixture.load(docs(twa, number, Self.whatsApp("wa", "+14155550100")))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    }

    @Test func lengthsAreCountedInCharacters() throws {
        let mail = doc("Integration", "mail", """
              type: agentless-email
              domain: notify.example.com
              fromAddress: \(String(repeating: "ü", count: 40))
              displayName: \(String(repeating: "é", count: 64))
            """)
        let (result, _) = try Fixture.load(mail)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    }

    @Test func numbersOnADisabledIntegrationAreAWarning() throws {
        let disabled = sms.replacingOccurrences(of: "region: us-east-1", with: "region: us-east-1\n  enabled: false")
        let number = doc("Number", "n", "  integration: sms\n  type: local\n  phoneNumber: \"+14155550100\"")
        let (result, _) = try Fixture.load(docs(disabled, number))
        #expect(result.diagnostics.map(\.code) == ["integration.disabled-numbers"])
        #expect(result.diagnostics.first?.severity == .warning)
        #expect(result.manifests != nil)
    }

    @Test(arguments: [("en-US", ["en_US"], true), ("en-US", ["en"], true), ("de-DE", ["en_US", "de"], true),
                      ("de-DE", ["en_US"], false), ("pt-BR", ["pt_PT"], false)])
    func workstreamLanguages(language: String, templates: [String], covered: Bool) {
        #expect(Locales.nearestWhatsAppLocale("de_DE") == "de")
        let t = docs(
            doc("Template", "t", "  channel: whatsapp\n  category: utility\n  localizations: {"
                + templates.map { "\($0): \"Hi\"" }.joined(separator: ", ") + "}"),
            doc("Workstream", "w", "  channel: whatsapp\n  language: \(language)\n  templates: [t]"))
        let codes = (try? Fixture.load(t).0.diagnostics.map(\.code)) ?? []
        #expect(codes.contains("workstream.language") == !covered, "\(codes)")
    }
}
