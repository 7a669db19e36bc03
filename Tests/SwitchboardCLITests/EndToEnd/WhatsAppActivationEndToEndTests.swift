import Foundation
import SwitchboardTestSupport
import Testing

/// A certificate-flow WhatsApp activation through the built binary (DESIGN.md 5.2): voice delivery prints the IVR
/// advice; an activation stuck in pending is reported with the vendor's advice and never asks for the confirmed code
/// again; the sandbox's outbox shows the code expired; the next refreshed plan proposes the replacement
/// (`expiry.whatsapp-pending`) with no minimum month for an integration that was never active.
@Suite struct WhatsAppActivationEndToEndTests {
    typealias M = ManifestDocuments

    let accept = ["--auto-approve", "--accept-billing", "--accept-irreversible"]

    @Test func aStuckActivationIsReplacedWithTheVendorsAdvice() async throws {
        guard
            let dir = try EndToEndDirectory(environment: [
                "WHATSAPP_CERT": "cert-\(UUID().uuidString)", "SWITCHBOARD_SANDBOX_NOW": "2026-11-20T09:00:00Z",
            ])
        else { return }
        try dir.write(
            "genesys.yaml",
            M.certificateWhatsApp("legacy", issued: "2026-11-19", phone: "+14155550196")
                .replacingOccurrences(of: "verification: sms", with: "verification: voice"))
        let first = try await dir.run(["apply", "."] + accept)
        #expect(first.exitCode == 0, "\(first)")
        #expect(first.stdout.contains("an IVR cannot hear it"), "\(first)")
        #expect(first.stdout.contains("--verification-code Integration/legacy=CODE"))

        let fault = try await dir.run(["sandbox", "fault", "add", "stuck-activation", "+14155550196", "."])
        #expect(fault.exitCode == 0, "\(fault)")
        let code = try #require(try await outbox(dir).first?["code"] as? String)
        let confirm = try await dir.run(["apply", ".", "--verification-code", "Integration/legacy=\(code)"] + accept)
        #expect(confirm.exitCode == 1, "\(confirm)")
        #expect(confirm.stdout.contains("delete the integration and start again"), "\(confirm)")
        // The code was confirmed: the summary does not ask for it again.
        #expect(!confirm.stdout.contains("needs the activation code"), "\(confirm)")

        // 16 minutes on: the code has expired and the activation has failed at the platform.
        #expect(try await dir.run(["sandbox", "advance", "16m", "."]).exitCode == 0)
        #expect(try await outbox(dir).map { $0["state"] as? String } == ["expired"])
        let (plan, output) = try await dir.planJSON(["--refresh"])
        #expect(PlanJSON.action(plan, "Integration/legacy") == "replace", "\(output)")
        let codes = (PlanJSON.change(plan, "Integration/legacy")?["findings"] as? [[String: Any]] ?? [])
            .compactMap { $0["code"] as? String }
        #expect(codes.contains("expiry.whatsapp-pending"), "\(output)")
        #expect(!codes.contains("billing.whatsapp-minimum"), "\(output)")
    }

    func outbox(_ dir: EndToEndDirectory) async throws -> [[String: Any]] {
        let out = try await dir.run(["sandbox", "outbox", ".", "--format", "json"]).stdout
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        return object["outbox"] as? [[String: Any]] ?? []
    }
}
