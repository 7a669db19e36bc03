import Foundation
import SwitchboardTestSupport
import Testing

/// The sandbox's injected failures are explicit (DESIGN.md section 6): `switchboard sandbox fault add/list/rm`, kept in
/// the sandbox file; `switchboard sandbox advance` moves its time. Run through the built binary.
@Suite struct SandboxFaultEndToEndTests {
    typealias M = ManifestDocuments

    let accept = ["--auto-approve", "--accept-billing", "--accept-irreversible"]
    let env = ["TWILIO_AUTH_TOKEN": "auth-token-\(UUID().uuidString)", "SWITCHBOARD_SANDBOX_SPEED": "instant"]

    @Test func aFaultFailsItsNumberUntilItIsRemoved() async throws {
        guard let dir = try EndToEndDirectory(environment: env) else { return }
        // 0199 is a fictional number like any other: it fails only because the fault says so.
        try dir.write("sms.yaml", M.join([M.twilioSMS("sms"), M.number("a", integration: "sms", suffix: "0199")]))
        let add = try await dir.run(["sandbox", "fault", "add", "taken-by-another-org", "+14155550199", "."])
        #expect(add.exitCode == 0, "\(add)")
        #expect(add.stdout.contains("Added fault taken-by-another-org +14155550199"))

        let list = try await dir.run(["sandbox", "fault", "list", ".", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        let faults = try #require(object["faults"] as? [[String: Any]])
        #expect(faults.map { $0["kind"] as? String } == ["taken-by-another-org"])
        #expect(faults.map { $0["target"] as? String } == ["+14155550199"])
        #expect(try await dir.run(["sandbox", "fault", "list", "."]).stdout.contains("taken-by-another-org  +14155550199"))

        let failed = try await dir.run(["apply", "."] + accept)
        #expect(failed.exitCode == 1)
        #expect(failed.stdout.contains("sms.phonenumber.import.owned.by.another.organization"), "\(failed)")

        let rm = try await dir.run(["sandbox", "fault", "rm", "taken-by-another-org", "+14155550199", "."])
        #expect(rm.exitCode == 0, "\(rm)")
        #expect(try await dir.run(["sandbox", "fault", "list", "."]).stdout.contains("No faults are injected"))
        let again = try await dir.run(["apply", "."] + accept)
        #expect(again.exitCode == 0, "\(again)")
        #expect(dir.stateAddresses().contains("Number/a"))
    }

    @Test func faultCommandsRefuseWhatTheyCannotDo() async throws {
        guard let dir = try EndToEndDirectory(environment: env) else { return }
        let unknown = try await dir.run(["sandbox", "fault", "add", "on-fire", "+14155550199", "."])
        #expect(unknown.exitCode == 64)
        #expect(unknown.stderr.contains("taken-by-another-org"), "\(unknown)")
        let target = try await dir.run(["sandbox", "fault", "add", "stuck-activation", "12345", "."])
        #expect(target.exitCode == 1)
        #expect(target.stderr.contains("sandbox.fault.target"), "\(target)")
        let missing = try await dir.run(["sandbox", "fault", "rm", "not-found-at-vendor", "+14155550123", "."])
        #expect(missing.exitCode == 1)
        #expect(missing.stderr.contains("no fault not-found-at-vendor +14155550123 is set"), "\(missing)")
        let duration = try await dir.run(["sandbox", "advance", "soon", "."])
        #expect(duration.exitCode == 64)
    }

    @Test func advanceMovesTheSandboxTimeForEveryLaterCommand() async throws {
        var environment = env
        environment["WHATSAPP_CERT"] = "cert-\(UUID().uuidString)"
        guard let dir = try EndToEndDirectory(environment: environment) else { return }
        try dir.write(
            "genesys.yaml",
            M.certificateWhatsApp("legacy", issued: SecretsEndToEndTests.today(), phone: "+14155550196"))
        let apply = try await dir.run(["apply", "."] + accept)
        #expect(apply.exitCode == 0, "\(apply)")
        func states() async throws -> [String] {
            let out = try await dir.run(["sandbox", "outbox", ".", "--format", "json"]).stdout
            let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
            return (object["outbox"] as? [[String: Any]] ?? []).compactMap { $0["state"] as? String }
        }
        #expect(try await states() == ["valid"])
        let advance = try await dir.run(["sandbox", "advance", "10m30s", "."])
        #expect(advance.exitCode == 0, "\(advance)")
        #expect(try await states() == ["expired"])
        #expect(try await dir.run(["sandbox", "outbox", "."]).stdout.contains("expired"))
    }
}
