import Foundation
import SwitchboardTestSupport
import Testing

/// Issue 17 points 1, 2, 7 and 9 through the binary, on the embedded sandbox: replacements re-link their dependents,
/// renames are moves, number imports are a queue, and a plain plan says what it compared.
@Suite struct RelinkMoveQueueEndToEndTests {
    typealias M = ManifestDocuments

    /// A Dynamics 365 Twilio WhatsApp channel account on the Twilio account `sid`.
    static func account(_ name: String, sid: String) -> String {
        M.document(
            "Integration", name,
            spec: """
                platform: dynamics
                type: twilio-whatsapp
                accountSid: \(sid)
                authToken: {secretEnv: TWILIO_WHATSAPP_AUTH_TOKEN}
                """)
    }

    /// A WhatsApp template on Dynamics 365 with the approved text `text`.
    static func template(_ name: String, text: String) -> String {
        M.document(
            "Template", name,
            spec: """
                platform: dynamics
                channel: whatsapp
                category: utility
                defaultLanguage: en_US
                localizations:
                  en_US: "\(text)"
                """)
    }

    /// The Dynamics 365 set: an account, a WhatsApp number, a template and the workstream that uses both.
    static func dynamicsSet(sid: String, phone: String, text: String) -> String {
        M.join([
            account("wa", sid: sid), M.whatsAppNumber("wa-line", integration: "wa", suffix: phone),
            template("shipped", text: text), M.workstream("support", numbers: ["wa-line"], templates: ["shipped"]),
        ])
    }

    /// After an apply: `plan --refresh` has nothing to do and `drift` finds nothing.
    func expectClean(_ dir: EndToEndDirectory, _ what: String) async throws {
        let refreshed = try await dir.run(["plan", ".", "--refresh", "--detailed-exitcode"])
        #expect(refreshed.exitCode == 0, "\(what): plan --refresh after apply:\n\(refreshed)")
        #expect(refreshed.stdout.contains("No changes: the manifests match what the platforms hold"), "\(refreshed)")
        let drift = try await dir.run(["drift", "."])
        #expect(drift.exitCode == 0, "\(what): drift after apply:\n\(drift)")
    }

    /// Point 1: replacing each replaceable kind that something refers to (a WhatsApp template by its text, a WhatsApp
    /// number by its phone number, a channel account by its Twilio account, and a BYO SMS integration with its
    /// numbers) re-links what refers to it in the same plan, and after the apply the platforms and the plan agree.
    @Test func replacementsReLinkTheirDependentsAndLeaveNothingBehind() async throws {
        guard let dir = try EndToEndDirectory(environment: M.instant) else { return }
        let sidA = "ACfedcba9876543210fedcba9876543210"
        let sidB = "AC00000000000000000000000000000bbb"
        try dir.write("dynamics.yaml", Self.dynamicsSet(sid: sidA, phone: "0140", text: "Your order {{1}} has shipped."))
        try dir.write(
            "sms.yaml", M.join([M.twilioSMS("sms"), M.number("line", integration: "sms", suffix: "0141")]))
        let first = try await dir.run(M.applyAll)
        #expect(first.exitCode == 0, "\(first)")

        let steps: [(String, String, [String: String], [String: [String]])] = [
            (
                "the template's approved text", Self.dynamicsSet(sid: sidA, phone: "0140", text: "Order {{1}} is on its way."),
                ["Template/shipped": "replace", "Workstream/support": "update"],
                ["Workstream/support": ["Template/shipped"]]
            ),
            (
                "the number's phone number", Self.dynamicsSet(sid: sidA, phone: "0142", text: "Order {{1}} is on its way."),
                // The number row holds its workstream (Dynamics 365): created again, it binds it itself.
                ["Number/wa-line": "replace", "Workstream/support": "noop"], [:]
            ),
            (
                "the account's Twilio account", Self.dynamicsSet(sid: sidB, phone: "0142", text: "Order {{1}} is on its way."),
                ["Integration/wa": "replace", "Number/wa-line": "replace", "Workstream/support": "noop"], [:]
            ),
        ]
        for (what, manifests, actions, relinks) in steps {
            try dir.write("dynamics.yaml", manifests)
            let (plan, _) = try await dir.planJSON()
            for (address, action) in actions {
                #expect(PlanJSON.action(plan, address) == action, "\(what): \(address)")
            }
            for (address, expected) in relinks {
                #expect(PlanJSON.change(plan, address)?["relinks"] as? [String] == expected, "\(what): \(address)")
                let text = try await dir.run(["plan", "."])
                #expect(text.stdout.contains("re-link to the new \(expected[0]) (replaced above)"), "\(text)")
            }
            let apply = try await dir.run(M.applyAll)
            #expect(apply.exitCode == 0, "\(what):\n\(apply)")
            try await expectClean(dir, what)
        }

        // A BYO SMS integration replaced with its numbers (they live through it).
        try dir.write(
            "sms.yaml",
            M.join([
                M.twilioSMS("sms").replacingOccurrences(of: "AC0123456789abcdef0123456789abcdef", with: sidB),
                M.number("line", integration: "sms", suffix: "0141"),
            ]))
        let (plan, _) = try await dir.planJSON()
        #expect(PlanJSON.action(plan, "Integration/sms") == "replace" && PlanJSON.action(plan, "Number/line") == "replace")
        let apply = try await dir.run(M.applyAll)
        #expect(apply.exitCode == 0, "\(apply)")
        try await expectClean(dir, "the SMS integration's Twilio account")
    }

    /// Point 2: a renamed number, a renamed integration (with the references of its numbers) and a renamed WhatsApp
    /// number of a workstream are moves: state moves, nothing is deleted or imported again, and the platforms agree.
    @Test func renamesAreMoves() async throws {
        guard let dir = try EndToEndDirectory(environment: M.instant) else { return }
        try dir.write(
            "sms.yaml",
            M.join([
                M.twilioSMS("sms"), M.number("line-a", integration: "sms", suffix: "0150"),
                M.number("line-b", integration: "sms", suffix: "0151"),
            ]))
        try dir.write(
            "dynamics.yaml", Self.dynamicsSet(sid: "ACfedcba9876543210fedcba9876543210", phone: "0152", text: "Hi {{1}}."))
        #expect(try await dir.run(M.applyAll).exitCode == 0)
        let world = try dir.json(dir.sandboxPath)
        let inventoryBefore = SandboxJSON.inventoryNumbers(world)

        try dir.write(
            "sms.yaml",
            M.join([
                M.twilioSMS("texting"), M.number("main-line", integration: "texting", suffix: "0150"),
                M.number("line-b", integration: "texting", suffix: "0151"),
            ]))
        try dir.write(
            "dynamics.yaml",
            Self.dynamicsSet(sid: "ACfedcba9876543210fedcba9876543210", phone: "0152", text: "Hi {{1}}.")
                .replacingOccurrences(of: "wa-line", with: "whatsapp-line"))
        let (plan, _) = try await dir.planJSON()
        let moves = [
            "Integration/texting": "Integration/sms", "Number/main-line": "Number/line-a",
            "Number/whatsapp-line": "Number/wa-line",
        ]
        for (address, previous) in moves {
            #expect(PlanJSON.action(plan, address) == "move", "\(address)")
            #expect(PlanJSON.change(plan, address)?["previousAddress"] as? String == previous, "\(address)")
        }
        #expect(PlanJSON.action(plan, "Number/line-b") == "update")
        #expect(PlanJSON.action(plan, "Workstream/support") == "update")
        let summary = try #require(plan["summary"] as? [String: Int])
        #expect(summary["move"] == 3 && summary["delete"] == 0 && summary["create"] == 0 && summary["replace"] == 0)
        let text = try await dir.run(["plan", "."])
        #expect(text.stdout.contains(" -> Number/main-line (genesys)\n      moved from Number/line-a"), "\(text)")
        #expect(text.stdout.contains(", 3 to move."), "\(text)")

        let apply = try await dir.run(M.applyAll)
        #expect(apply.exitCode == 0, "\(apply)")
        #expect(apply.stdout.contains("3 moved"), "\(apply)")
        #expect(!apply.stderr.contains("deleting") && !apply.stderr.contains("creating"), "\(apply)")
        let addresses = dir.stateAddresses()
        #expect(addresses.isSuperset(of: Set(moves.keys)))
        #expect(addresses.isDisjoint(with: Set(moves.values)))
        #expect(SandboxJSON.inventoryNumbers(try dir.json(dir.sandboxPath)) == inventoryBefore)
        try await expectClean(dir, "after the moves")
    }

    /// Point 7: one number's failure does not hold back the numbers after it in the same integration; the summary
    /// lists each failure once, and does not say a re-run fixes a failure it cannot.
    @Test func importsAreAQueueNotAChain() async throws {
        guard let dir = try EndToEndDirectory(environment: M.instant) else { return }
        try dir.write(
            "sms.yaml",
            M.join(
                [M.twilioSMS("sms")]
                    + [("a", "0160"), ("b", "0199"), ("c", "0161"), ("d", "0162")].map {
                        M.number("line-\($0.0)", integration: "sms", suffix: $0.1)
                    }))
        try await Self.takenElsewhere(dir, "+14155550199")
        let apply = try await dir.run(M.applyAll)
        #expect(apply.exitCode == 1, "\(apply)")
        #expect(Set(dir.stateAddresses()) == ["Integration/sms", "Number/line-a", "Number/line-c", "Number/line-d"])
        #expect(apply.stdout.contains("Apply failed: 4 created, 0 updated, 0 replaced, 0 deleted; 1 failed, 0 skipped."))
        #expect(!apply.stdout.contains("skipped: skipped"), "\(apply)")
        #expect(apply.stdout.components(separatedBy: "provisioned in another Genesys Cloud organization").count == 2)
        #expect(!apply.stdout.contains("run apply again to"), "\(apply)")
        #expect(apply.stdout.contains("Number/line-b failed for a reason running apply again does not change"))
    }

    /// Makes `number` belong to another organization in the sandbox: an explicit fault (`sandbox fault add`), or,
    /// in a sandbox without that command, the number's last digits (0199) that such a sandbox reads as that fault.
    static func takenElsewhere(_ dir: EndToEndDirectory, _ number: String) async throws {
        let fault = try await dir.run(["sandbox", "fault", "add", "taken-by-another-org", number, "."])
        if fault.exitCode != 0 { #expect(number.hasSuffix("0199"), "\(fault)") }
    }

    /// Point 9: a plain plan says it compared the manifests with stored state, and notes a never-activated integration
    /// past the platform's 30-day removal as something `--refresh` would confirm.
    @Test func aPlainPlanSaysWhatItCompared() async throws {
        guard let dir = try EndToEndDirectory(environment: M.instant) else { return }
        try dir.write("wa.yaml", M.whatsApp("support", enabled: false))
        #expect(try await dir.run(M.applyAll).exitCode == 0)
        let plain = try await dir.run(["plan", "."])
        #expect(plain.exitCode == 0, "\(plain)")
        #expect(
            plain.stdout.contains(
                "No changes: the manifests match the stored state; the platforms were not read — use --refresh"),
            "\(plain)")
        // 31 days later, by the sandbox's clock and the plan's.
        let later = ["SWITCHBOARD_SANDBOX_NOW": "2099-01-01T00:00:00Z"]
        let old = try await dir.run(["plan", "."], environment: later)
        #expect(old.stdout.contains("Integration/support: state records it as created at"), "\(old)")
        #expect(old.stdout.contains("; plan --refresh will confirm"), "\(old)")
        let (json, _) = try await dir.planJSON(environment: later)
        #expect(json["refreshed"] as? Bool == false)
        #expect((json["stateNotices"] as? [[String: Any]])?.first?["address"] as? String == "Integration/support")
    }
}
