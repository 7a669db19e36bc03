import Foundation
import SwitchboardTestSupport
import Testing

/// Secret values set in the environment never reach state, plans, history, the sandbox, or any output.
@Suite struct SecretsEndToEndTests {
    typealias M = ManifestDocuments

    @Test func secretValuesNeverAppearAnywhere() async throws {
        let pin = String(Int.random(in: 200_000...999_999))
        func unique() -> String { "s3cr3t-\(UUID().uuidString.lowercased())" }
        var secrets = [
            "META_SIGNUP_TOKEN": unique(), "WHATSAPP_PIN": pin, "TWILIO_AUTH_TOKEN": unique(),
            "TWILIO_WHATSAPP_AUTH_TOKEN": unique(), "WHATSAPP_CERT": unique(),
        ]
        guard
            let dir = try EndToEndDirectory(
                environment: secrets.merging(["SWITCHBOARD_SANDBOX_SPEED": "instant"]) { a, _ in a })
        else { return }
        try dir.write(
            "genesys.yaml",
            M.join([
                M.contentProfile("media"), M.whatsApp("support", contentProfile: "media"),
                M.certificateWhatsApp("legacy", issued: Self.today(), phone: "+14155550112"),
                M.twilioSMS("sms"), M.number("a", integration: "sms", suffix: "0191", contentProfile: "media"),
            ]))
        try dir.write(
            "dynamics.yaml",
            M.join([
                M.twilioWhatsApp("twa"), M.whatsAppNumber("w", integration: "twa", suffix: "0192"),
                M.whatsAppTemplate("shipped", agentless: false),
                M.workstream("ws", numbers: ["w"], templates: ["shipped"]),
            ]))
        var outputs: [EndToEndDirectory.Output] = []
        func run(_ args: [String], env: [String: String] = [:]) async throws -> EndToEndDirectory.Output {
            let out = try await dir.run(args, environment: env)
            outputs.append(out)
            return out
        }

        #expect(try await run(["validate", "."]).exitCode == 0)
        #expect(try await run(["validate", ".", "--format", "json"]).exitCode == 0)
        #expect(try await run(["plan", "."]).exitCode == 0)
        let json = try await run(["plan", ".", "--format", "json"])
        #expect(json.stdout.contains("\"(sensitive)\""), "sensitive fields should show as (sensitive)")
        #expect(try await run(["plan", ".", "--format", "markdown"]).exitCode == 0)
        #expect(try await run(["plan", ".", "--out", "first.plan"]).exitCode == 0)
        let applied = try await run([
            "apply", "first.plan", "--auto-approve", "--accept-billing", "--accept-irreversible",
        ])
        #expect(applied.exitCode == 0, "\(applied)")

        // Rotate a secret: an in-place update, shown as sensitive, through a saved plan.
        let rotated = unique()
        secrets["TWILIO_AUTH_TOKEN_OLD"] = secrets["TWILIO_AUTH_TOKEN"]
        secrets["TWILIO_AUTH_TOKEN"] = rotated
        let rotation = try await run(
            ["plan", ".", "--format", "json", "--out", "rotate.plan"], env: ["TWILIO_AUTH_TOKEN": rotated])
        let rotationPlan = try JSONSerialization.jsonObject(with: Data(rotation.stdout.utf8)) as? [String: Any]
        #expect(rotationPlan.map { PlanJSON.action($0, "Integration/sms") } == "update", "\(rotation)")
        let rotate = try await run(
            ["apply", "rotate.plan", "--auto-approve", "--accept-billing", "--accept-irreversible"],
            env: ["TWILIO_AUTH_TOKEN": rotated])
        #expect(rotate.exitCode == 0, "\(rotate)")
        // A saved plan applied with another secret value than it was made with is refused, naming the field only.
        // (Only long-lived secrets are fingerprinted, so the plan is made with a third token: an update of
        // Integration/sms that carries the token's fingerprint.)
        let third = unique()
        secrets["TWILIO_AUTH_TOKEN_THIRD"] = third
        _ = try await run(["plan", ".", "--out", "third.plan"], env: ["TWILIO_AUTH_TOKEN": third])
        let otherToken = unique()
        secrets["TWILIO_AUTH_TOKEN_OTHER"] = otherToken
        let mismatch = try await run(
            ["apply", "third.plan", "--auto-approve", "--accept-billing", "--accept-irreversible"],
            env: ["TWILIO_AUTH_TOKEN": otherToken])
        #expect(mismatch.exitCode == 1, "\(mismatch)")
        #expect(mismatch.stderr.contains("changed since the plan was made"), "\(mismatch)")

        // Inspection commands, where they exist (unknown commands exit 64 and are skipped).
        for args in [
            ["show", "first.plan"], ["show", "rotate.plan", "--format", "json"], ["history"],
            ["history", "--format", "json"], ["state", "list"], ["state", "show", "Integration/sms"],
            ["state", "show", "Integration/support"], ["sandbox", "outbox"], ["sandbox", "ledger"],
            ["drift", "."], ["plan", ".", "--refresh"], ["graph", "."],
        ] {
            _ = try await run(args, env: ["TWILIO_AUTH_TOKEN": rotated])
        }

        let values = secrets.values.filter { !$0.isEmpty }
        for out in outputs {
            for v in values {
                #expect(!Self.leaks(v, in: out.stdout), "a secret value was printed on standard output")
                #expect(!Self.leaks(v, in: out.stderr), "a secret value was printed on standard error")
            }
        }
        let files = dir.allFiles()
        // No fingerprint of a one-time onboarding secret anywhere (a PIN's is brute-forced in seconds); the
        // long-lived auth tokens' are kept.
        let onboardingFingerprint = #"onboarding\.(pin|embeddedSignupToken|certificate)"\s*:\s*"hmac-sha256"#
        for file in files {
            let text = String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self)
            #expect(
                text.range(of: onboardingFingerprint, options: .regularExpression) == nil,
                "\(file.lastPathComponent) holds a fingerprint of an onboarding secret")
        }
        let stateText = String(decoding: dir.bytes(dir.statePath) ?? Data(), as: UTF8.self)
        #expect(stateText.contains(#""authToken" : "hmac-sha256:"#))
        #expect(files.contains { $0.lastPathComponent == "state.json" })
        #expect(files.contains { $0.lastPathComponent == "sandbox.json" })
        #expect(files.contains { $0.lastPathComponent == "history.jsonl" })
        #expect(files.contains { $0.lastPathComponent == "first.plan" })
        for file in files {
            let data = (try? Data(contentsOf: file)) ?? Data()
            let text = String(decoding: data, as: UTF8.self)
            for v in values {
                #expect(!Self.leaks(v, in: text), "a secret value was written to \(file.path)")
            }
        }
    }

    /// True when `value` occurs in `text`. Short values (the six-digit PIN) count only as a whole token (not inside
    /// a longer run of letters and digits), so they do not match by chance inside a UUID, fingerprint or timestamp.
    static func leaks(_ value: String, in text: String) -> Bool {
        if value.count >= 16 { return text.contains(value) }
        var rest = text[...]
        while let r = rest.range(of: value) {
            let before = r.lowerBound > text.startIndex ? text[text.index(before: r.lowerBound)] : " "
            let after = r.upperBound < text.endIndex ? text[r.upperBound] : " "
            if !(before.isLetter || before.isNumber) && !(after.isLetter || after.isNumber) { return true }
            rest = text[text.index(after: r.lowerBound)...]
        }
        return false
    }

    static func today() -> String {
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(identifier: "UTC")
        day.dateFormat = "yyyy-MM-dd"
        return day.string(from: Date())
    }
}
