import Foundation
import SwitchboardTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Secrets at rest (DESIGN.md sections 3.2 and 4): a changed fingerprint key is a note, never an update or a
/// replacement; a state records which key; a fingerprint of a one-time secret left by an earlier version is dropped
/// without replacing anything; every file holding state, plans, history or the sandbox is owner-only; commands that
/// touch no platform need no secret.
@Suite struct SecretKeysEndToEndTests {
    typealias M = ManifestDocuments

    /// An active (billed) WhatsApp integration and a BYO Twilio SMS integration, applied without a configured key.
    static func applied() async throws -> EndToEndDirectory? {
        guard let dir = try EndToEndDirectory(environment: M.instant) else { return nil }
        try dir.write("m.yaml", M.join([M.whatsApp("support"), M.twilioSMS("sms")]))
        let first = try await dir.run(M.applyAll)
        #expect(first.exitCode == 0, "\(first)")
        return dir
    }

    static func state(_ dir: EndToEndDirectory) throws -> [String: Any] {
        try #require(try dir.json(dir.statePath) as? [String: Any])
    }

    static func fingerprints(_ state: [String: Any], _ address: String) -> [String: String] {
        let resources = state["resources"] as? [String: Any]
        return ((resources?[address] as? [String: Any])?["fingerprints"] as? [String: String]) ?? [:]
    }

    static func ledgerEvents(_ dir: EndToEndDirectory) throws -> [String] {
        let world = try dir.json(dir.sandboxPath) as? [String: Any]
        return ((world?["ledger"] as? [[String: Any]]) ?? []).compactMap { $0["event"] as? String }
    }

    @Test func aNewFingerprintKeyIsANoteNeverAChange() async throws {
        guard let dir = try await Self.applied() else { return }
        defer { dir.scratch.remove() }
        let before = try Self.state(dir)
        #expect(before["fingerprintKey"] as? String == "lineage")
        #expect(Self.fingerprints(before, "Integration/support").isEmpty, "no fingerprint of the PIN or token")
        let token = try #require(Self.fingerprints(before, "Integration/sms")["authToken"])
        let charges = try Self.ledgerEvents(dir)

        // The key is set on the existing state: the plan says so, and changes nothing.
        let key = ["SWITCHBOARD_FINGERPRINT_KEY": "a-key-from-the-ci-secret-store"]
        let plan = try await dir.run(["plan", ".", "--detailed-exitcode"], environment: key)
        #expect(plan.exitCode == 0, "\(plan)")
        #expect(plan.stdout.contains("No changes:"), "\(plan)")
        #expect(plan.stderr.contains("secrets cannot be compared this once"), "\(plan)")
        let (json, _) = try await dir.planJSON(environment: key)
        #expect(PlanJSON.action(json, "Integration/support") == "noop")
        #expect(PlanJSON.action(json, "Integration/sms") == "noop")

        // The next apply records the fingerprints under the new key, and touches no platform object.
        let apply = try await dir.run(M.applyAll, environment: key)
        #expect(apply.exitCode == 0, "\(apply)")
        #expect(apply.stdout.contains("Nothing to apply"), "\(apply)")
        #expect(apply.stderr.contains("Recorded the secret fingerprints under the current key"), "\(apply)")
        let after = try Self.state(dir)
        let id = try #require(after["fingerprintKey"] as? String)
        #expect(id.hasPrefix("key:") && id.count == 20 && !id.contains("a-key-from"))
        let rekeyed = try #require(Self.fingerprints(after, "Integration/sms")["authToken"])
        #expect(rekeyed != token)
        #expect(try Self.ledgerEvents(dir) == charges, "the apply must not bill or delete anything")
        let quiet = try await dir.run(["plan", ".", "--detailed-exitcode"], environment: key)
        #expect(quiet.exitCode == 0, "\(quiet)")
        #expect(!quiet.stderr.contains("cannot be compared"), "\(quiet)")
        // A rotated token under the new key is an update again (never a replacement).
        let rotated = try await dir.planJSON(environment: key.merging(["TWILIO_AUTH_TOKEN": "rotated"]) { a, _ in a })
        #expect(PlanJSON.action(rotated.plan, "Integration/sms") == "update", "\(rotated.output)")

        // Back to no key: a note again, never a replacement of the billed integration.
        let back = try await dir.run(M.applyAll)
        #expect(back.exitCode == 0, "\(back)")
        #expect(back.stderr.contains("secrets cannot be compared this once"), "\(back)")
        #expect(try Self.state(dir)["fingerprintKey"] as? String == "lineage")
        #expect(try Self.ledgerEvents(dir) == charges)
    }

    @Test func anOnboardingFingerprintFromAnEarlierVersionIsDroppedWithoutAReplacement() async throws {
        guard let dir = try await Self.applied() else { return }
        defer { dir.scratch.remove() }
        // A state written before one-time secrets stopped being fingerprinted (and before the key was recorded).
        var state = try Self.state(dir)
        var resources = try #require(state["resources"] as? [String: Any])
        var support = try #require(resources["Integration/support"] as? [String: Any])
        support["fingerprints"] = [
            "onboarding.pin": "hmac-sha256:" + String(repeating: "ab", count: 32),
            "onboarding.embeddedSignupToken": "hmac-sha256:" + String(repeating: "cd", count: 32),
        ]
        resources["Integration/support"] = support
        state["resources"] = resources
        state["fingerprintKey"] = nil
        try dir.write(dir.statePath, String(decoding: try JSONSerialization.data(withJSONObject: state), as: UTF8.self))
        let charges = try Self.ledgerEvents(dir)

        let plan = try await dir.run(["plan", ".", "--detailed-exitcode"])
        #expect(plan.exitCode == 0, "\(plan)")
        let apply = try await dir.run(M.applyAll)
        #expect(apply.exitCode == 0, "\(apply)")
        #expect(Self.fingerprints(try Self.state(dir), "Integration/support").isEmpty)
        #expect(try Self.state(dir)["fingerprintKey"] as? String == "lineage")
        #expect(try Self.ledgerEvents(dir) == charges)
    }

    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o777
    }

    @Test func stateBackupsHistoryPlansAndTheSandboxAreOwnerOnly() async throws {
        guard let dir = try await Self.applied() else { return }
        defer { dir.scratch.remove() }
        try dir.write("m.yaml", M.join([M.whatsApp("support"), M.twilioSMS("sms"), M.contentProfile("media")]))
        #expect(try await dir.run(["plan", ".", "--out", "next.plan"]).exitCode == 0)
        let crashed = try await dir.run(
            ["apply", "next.plan", "--auto-approve"],
            environment: ["SWITCHBOARD_FAULT_CRASH_AFTER": "ContentProfile/media"])
        #expect(crashed.exitCode == 137, "\(crashed)")
        for file in [
            ".switchboard/state.json", ".switchboard/state.json.backup", ".switchboard/history.jsonl",
            ".switchboard/history.running.jsonl", ".switchboard/sandbox.json", "next.plan",
        ] {
            let path = dir.work.appendingPathComponent(file).path
            #expect(Self.mode(path) == 0o600, "\(file) is \(Self.mode(path).map { String($0, radix: 8) } ?? "missing")")
        }
    }

    @Test func commandsThatTouchNoPlatformNeedNoSecret() async throws {
        guard let dir = try await Self.applied() else { return }
        defer { dir.scratch.remove() }
        // No secret variable at all.
        let bare = dir.environment.filter { M.secrets[$0.key] == nil }
        #expect(bare["WHATSAPP_PIN"] == nil && bare["TWILIO_AUTH_TOKEN"] == nil)
        for args in [
            ["validate", "."], ["validate", ".", "--format", "json"], ["graph", "."], ["state", "list"],
            ["state", "show", "Integration/sms"], ["history"],
        ] {
            let out = try await dir.switchboard.run(args, in: dir.work, environment: bare)
            #expect(out.exitCode == 0, "\(args): \(out)")
            #expect(!out.stderr.contains("error"), "\(args): \(out)")
            if args != ["history"] {
                #expect((out.stdout + out.stderr).contains("WHATSAPP_PIN"), "\(args) should warn: \(out)")
            }
        }
        let validate = try await dir.switchboard.run(["validate", "."], in: dir.work, environment: bare)
        #expect(validate.stderr.contains("warning: environment variable 'TWILIO_AUTH_TOKEN' is not set [env.unset]"))
        #expect(validate.stdout.contains("valid: 2 resources"), "\(validate)")
        // plan and apply still need them.
        let plan = try await dir.switchboard.run(["plan", "."], in: dir.work, environment: bare)
        #expect(plan.exitCode == 1, "\(plan)")
        #expect(plan.stderr.contains("error: environment variable 'WHATSAPP_PIN' is not set"), "\(plan)")
    }
}
