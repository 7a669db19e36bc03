import Foundation
import SwitchboardTestSupport
import Testing

/// A WhatsApp integration's onboarding data in the sandbox (DESIGN.md section 3.2): before activation a change is
/// an update the next activation attempt uses; once active it is a plan note, no change and no charge.
@Suite struct OnboardingEndToEndTests {
    typealias M = ManifestDocuments

    let accept = ["--auto-approve", "--accept-billing", "--accept-irreversible"]

    @Test func aNewVerificationMethodIsUsedByTheNextActivationAttempt() async throws {
        guard
            let dir = try EndToEndDirectory(environment: [
                "WHATSAPP_CERT": "cert-\(UUID().uuidString)", "SWITCHBOARD_SANDBOX_SPEED": "instant",
            ])
        else { return }
        let legacy = M.certificateWhatsApp("legacy", issued: SecretsEndToEndTests.today(), phone: "+14155550113")
        try dir.write("genesys.yaml", legacy)
        let first = try await dir.run(["apply", "."] + accept)
        #expect(first.exitCode == 0, "\(first)")
        #expect(try await dir.run(["state", "show", "Integration/legacy"]).stdout.contains("awaiting-verification"))

        try dir.write(
            "genesys.yaml", legacy.replacingOccurrences(of: "verification: sms", with: "verification: voice"))
        let (plan, output) = try await dir.planJSON()
        #expect(PlanJSON.action(plan, "Integration/legacy") == "update", "\(output)")
        let fields = PlanJSON.change(plan, "Integration/legacy")?["fields"] as? [[String: Any]] ?? []
        #expect(
            fields.contains { $0["path"] as? String == "onboarding.verification" && $0["after"] as? String == "voice" })
        #expect(!fields.contains { $0["forcesReplacement"] as? Bool == true })
        let ledgerBefore = try await dir.run(["sandbox", "ledger", "."]).stdout
        let second = try await dir.run(["apply", "."] + accept)
        #expect(second.exitCode == 0, "\(second)")
        // The same integration asked for a new code, by voice; nothing was deleted or created (no new charge).
        #expect(try await dir.run(["sandbox", "outbox", "."]).stdout.contains("voice"))
        #expect(try await dir.run(["sandbox", "ledger", "."]).stdout == ledgerBefore)
        #expect(try await dir.run(["state", "show", "Integration/legacy"]).stdout.contains("awaiting-verification"))
    }

    @Test func anActiveIntegrationsOnboardingChangeIsANoteAndNoChange() async throws {
        let env = [
            "META_SIGNUP_TOKEN": "token-\(UUID().uuidString)", "WHATSAPP_PIN": "246810",
            "WHATSAPP_CERT": "cert-\(UUID().uuidString)", "SWITCHBOARD_SANDBOX_SPEED": "instant",
        ]
        guard let dir = try EndToEndDirectory(environment: env) else { return }
        try dir.write("genesys.yaml", M.whatsApp("support", phone: "+14155550114"))
        let first = try await dir.run(["apply", "."] + accept)
        #expect(first.exitCode == 0, "\(first)")
        let ledger = try await dir.run(["sandbox", "ledger", "."]).stdout
        let state = dir.bytes(dir.statePath)

        // A new PIN: nothing to compare (no fingerprint is kept) and nothing to do.
        let pin = try await dir.planJSON(environment: ["WHATSAPP_PIN": "135791"])
        #expect(PlanJSON.action(pin.plan, "Integration/support") == "noop", "\(pin.output)")

        // Another form: a note naming the integration, no change.
        try dir.write(
            "genesys.yaml",
            M.certificateWhatsApp("support", issued: SecretsEndToEndTests.today(), phone: "+14155550114"))
        let form = try await dir.planJSON()
        #expect(PlanJSON.action(form.plan, "Integration/support") == "noop", "\(form.output)")
        #expect(form.output.stderr.contains("note: Integration/support: the change of onboarding."), "\(form.output)")
        #expect(form.output.stderr.contains("has no effect"))
        let apply = try await dir.run(["apply", "."] + accept)
        #expect(apply.exitCode == 0, "\(apply)")
        #expect(apply.stderr.contains("note: Integration/support"), "\(apply)")
        #expect(try await dir.run(["sandbox", "ledger", "."]).stdout == ledger)
        #expect(dir.bytes(dir.statePath) == state, "an apply with nothing to do writes no state")
    }
}
