import Foundation
import SwitchboardTestSupport
import Testing

/// Plan and apply through the binary: exit codes, the JSON contract, saved plans, ordering and the gates.
@Suite struct PlanApplyEndToEndTests {
    typealias M = ManifestDocuments

    @Test func firstApplyOfTheReferenceConfigurationThenAnEmptyPlan() async throws {
        guard let dir = try EndToEndDirectory(environment: ["SWITCHBOARD_SANDBOX_SPEED": "instant"]) else { return }
        try dir.copyFromPackage("manifests")
        let env = ["--env-file", "sandbox.env"]

        let before = try await dir.run(["plan", "."] + env + ["--detailed-exitcode"])
        #expect(before.exitCode == 2, "\(before)")
        #expect(dir.bytes(dir.statePath) == nil, "plan must not write state")
        let (creates, _) = try await dir.planJSON(env)
        #expect((creates["summary"] as? [String: Int])?["create"] == 16)
        for c in PlanJSON.changes(creates) {
            #expect(
                Set(c.keys) == [
                    "address", "kind", "name", "platform", "action", "order", "dependsOn", "fields", "findings",
                ])
            for f in c["fields"] as? [[String: Any]] ?? [] {
                #expect(Set(f.keys) == ["path", "before", "after", "sensitive", "forcesReplacement"], "\(f)")
                if f["sensitive"] as? Bool == true { #expect(f["after"] as? String == "(sensitive)", "\(f)") }
            }
            for f in c["findings"] as? [[String: Any]] ?? [] {
                #expect(Set(f.keys) == ["code", "severity", "message"], "\(f)")
            }
        }
        #expect(
            PlanJSON.changes(creates).contains {
                !(($0["fields"] as? [[String: Any]]) ?? []).filter { $0["sensitive"] as? Bool == true }.isEmpty
            })

        let apply = try await dir.run(M.applyAll + env)
        #expect(apply.exitCode == 0, "\(apply)")

        let after = try await dir.run(["plan", "."] + env + ["--detailed-exitcode"])
        #expect(after.exitCode == 0, "\(after)")
        let plain = try await dir.run(["plan", "."] + env)
        #expect(plain.exitCode == 0, "\(plain)")

        // The JSON contract (DESIGN.md 5.3, plus the documented manifestDigest, commit and checksum).
        let (plan, _) = try await dir.planJSON(env)
        #expect(
            Set(plan.keys) == [
                "format", "lineage", "serial", "summary", "changes", "findings", "refreshed", "stateNotices",
                "manifestDigest", "commit", "checksum",
            ])
        #expect(plan["format"] as? Int == 1)
        let summary = try #require(plan["summary"] as? [String: Int])
        #expect(Set(summary.keys) == ["create", "import", "update", "replace", "delete", "move", "noop"])
        #expect(summary["noop"] == 16 && summary["create"] == 0)
        let changes = PlanJSON.changes(plan)
        #expect(changes.count == 16)
        for c in changes {
            #expect(
                Set(c.keys) == [
                    "address", "kind", "name", "platform", "action", "order", "dependsOn", "fields", "findings",
                ])
            #expect(c["action"] as? String == "noop")
            #expect((c["fields"] as? [Any])?.isEmpty == true)
        }
        let history = String(decoding: dir.bytes(".switchboard/history.jsonl") ?? Data(), as: UTF8.self)
        #expect(history.split(separator: "\n").count >= 1)
    }

    @Test func planExitCodes() async throws {
        guard let dir = try EndToEndDirectory(environment: M.instant) else { return }
        try dir.write("a.yaml", M.contentProfile("media"))
        #expect(try await dir.run(["plan", "."]).exitCode == 0)
        #expect(try await dir.run(["plan", ".", "--detailed-exitcode"]).exitCode == 2)
        try await dir.run(M.applyAll)
        #expect(try await dir.run(["plan", ".", "--detailed-exitcode"]).exitCode == 0)
        // A reference to nothing: an error, exit 1, with or without --detailed-exitcode.
        try dir.write("b.yaml", M.number("n", integration: "missing", suffix: "0120"))
        let invalid = try await dir.run(["plan", ".", "--detailed-exitcode"])
        #expect(invalid.exitCode == 1, "\(invalid)")
        #expect(invalid.stderr.contains("ref.missing"))
        #expect(try await dir.run(["plan", "."]).exitCode == 1)
    }

    @Test func savedPlanAppliesExactly() async throws {
        guard let dir = try EndToEndDirectory(environment: M.instant) else { return }
        try dir.write(
            "sms.yaml",
            M.join([
                M.contentProfile("media"), M.twilioSMS("sms"),
                M.number("a", integration: "sms", suffix: "0121", contentProfile: "media"),
                M.number("b", integration: "sms", suffix: "0122"),
            ]))
        let planned = try await dir.run(["plan", ".", "--out", "changes.plan"])
        #expect(planned.exitCode == 0, "\(planned)")
        #expect(dir.bytes("changes.plan") != nil)
        #expect(dir.bytes(dir.statePath) == nil)
        let applied = try await dir.run(["apply", "changes.plan", "--auto-approve"])
        #expect(applied.exitCode == 0, "\(applied)")
        #expect(dir.stateAddresses() == ["ContentProfile/media", "Integration/sms", "Number/a", "Number/b"])
        #expect(try await dir.run(["plan", ".", "--detailed-exitcode"]).exitCode == 0)
        // Applying the same saved plan again: state moved on since it was made.
        let again = try await dir.run(["apply", "changes.plan", "--auto-approve"])
        #expect(again.exitCode == 1)
        #expect(again.stderr.contains("stale plan"), "\(again)")
    }

    @Test func savedPlanAppliesFromAnotherWorkingDirectory() async throws {
        guard let dir = try EndToEndDirectory(environment: M.instant) else { return }
        try dir.write("a.yaml", M.join([M.twilioSMS("sms"), M.number("a", integration: "sms", suffix: "0123")]))
        #expect(try await dir.run(["plan", ".", "--out", "ci.plan"]).exitCode == 0)
        // CI often plans in one step and applies in another, from elsewhere.
        let applied = try await dir.run(["apply", "work/ci.plan", "--auto-approve"], cwd: dir.root)
        #expect(applied.exitCode == 0, "\(applied)")
        #expect(dir.stateAddresses() == ["Integration/sms", "Number/a"])
        #expect(
            !FileManager.default.fileExists(atPath: dir.root.appendingPathComponent(".switchboard").path),
            "the saved plan's state went to the working directory instead of the manifest directory")
        #expect(try await dir.run(["plan", ".", "--detailed-exitcode"]).exitCode == 0)
    }

    @Test func stalePlanIsRefusedAndChangesNothing() async throws {
        guard let dir = try EndToEndDirectory(environment: M.instant) else { return }
        try dir.write("a.yaml", M.contentProfile("first"))
        #expect(try await dir.run(M.applyAll).exitCode == 0)

        // Saved plan: add a second profile.
        try dir.write("b.yaml", M.contentProfile("second"))
        #expect(try await dir.run(["plan", ".", "--out", "second.plan"]).exitCode == 0)

        // Meanwhile something else is applied.
        try dir.remove("b.yaml")
        try dir.write("c.yaml", M.contentProfile("third"))
        #expect(try await dir.run(M.applyAll).exitCode == 0)

        let state = try #require(dir.bytes(dir.statePath))
        let sandbox = try #require(dir.bytes(dir.sandboxPath))
        let stale = try await dir.run(["apply", "second.plan", "--auto-approve"])
        #expect(stale.exitCode == 1, "\(stale)")
        #expect(stale.stderr.contains("stale plan"), "\(stale)")
        #expect(dir.bytes(dir.statePath) == state)
        #expect(dir.bytes(dir.sandboxPath) == sandbox)
        #expect(!dir.stateAddresses().contains("ContentProfile/second"))
    }

    @Test func changesFollowTheReferenceGraphAndDeletesRunInReverse() async throws {
        guard let dir = try EndToEndDirectory(environment: M.instant) else { return }
        try dir.write("keep.yaml", M.contentProfile("keep"))
        try dir.write(
            "sms.yaml",
            M.join([
                M.contentProfile("media"), M.twilioSMS("sms"),
                M.number("n1", integration: "sms", suffix: "0131", contentProfile: "media"),
                M.number("n2", integration: "sms", suffix: "0132"),
                M.number("n3", integration: "sms", suffix: "0133", contentProfile: "media"),
            ]))
        try dir.write(
            "wa.yaml",
            M.join([
                M.twilioWhatsApp("twa"),
                M.whatsAppNumber("w1", integration: "twa", suffix: "0141"),
                M.whatsAppNumber("w2", integration: "twa", suffix: "0142"),
                M.whatsAppTemplate("shipped", agentless: false),
                M.workstream("ws", numbers: ["w1", "w2"], templates: ["shipped"]),
            ]))
        let (plan, _) = try await dir.planJSON()
        func order(_ a: String) throws -> Int { try #require(PlanJSON.order(plan, a), "\(a) is not in the plan") }
        // A content profile before the integration and numbers that use it; an integration before its numbers.
        for n in ["Number/n1", "Number/n2", "Number/n3"] { #expect(try order("Integration/sms") < order(n)) }
        #expect(try order("ContentProfile/media") < order("Number/n1"))
        for n in ["Number/w1", "Number/w2"] { #expect(try order("Integration/twa") < order(n)) }
        // Templates before their workstream; on Dynamics 365 the number row holds its workstream, so the numbers
        // come after it (the descriptor's listedBy).
        #expect(try order("Template/shipped") < order("Workstream/ws"))
        for n in ["Number/w1", "Number/w2"] { #expect(try order("Workstream/ws") < order(n)) }
        // Number imports into one integration form a queue (run one at a time, in plan order), not a chain of
        // dependsOn: each depends only on what it refers to, so one's failure holds back no other.
        func dependsOn(_ a: String) -> [String] { PlanJSON.change(plan, a)?["dependsOn"] as? [String] ?? [] }
        for n in ["Number/n1", "Number/n2", "Number/n3", "Number/w1", "Number/w2"] {
            #expect(!dependsOn(n).contains { $0.hasPrefix("Number/") }, "\(n)")
        }
        #expect(dependsOn("Number/n1").contains("Integration/sms"))
        #expect(dependsOn("Workstream/ws").contains("Template/shipped"))
        // The orders are 1...N, once each.
        #expect(PlanJSON.changes(plan).compactMap { $0["order"] as? Int }.sorted() == Array(1...11))

        let applied = try await dir.run(M.applyAll)
        #expect(applied.exitCode == 0, "\(applied)")

        // Remove everything but one profile: deletes in reverse reference order.
        try dir.remove("sms.yaml")
        try dir.remove("wa.yaml")
        let (deletes, out) = try await dir.planJSON()
        #expect(out.exitCode == 0, "\(out)")
        func dorder(_ a: String) throws -> Int { try #require(PlanJSON.order(deletes, a), "\(a) is not in the plan") }
        for a in ["Integration/sms", "ContentProfile/media", "Number/n1", "Workstream/ws", "Template/shipped"] {
            #expect(PlanJSON.action(deletes, a) == "delete")
        }
        #expect(PlanJSON.action(deletes, "ContentProfile/keep") == "noop")
        for n in ["Number/n1", "Number/n2", "Number/n3"] {
            #expect(try dorder(n) < dorder("Integration/sms"))
            #expect(try dorder(n) < dorder("ContentProfile/media") || n == "Number/n2")
        }
        #expect(try dorder("Integration/sms") > dorder("Number/n3"))
        for n in ["Number/w1", "Number/w2"] {
            #expect(try dorder("Workstream/ws") < dorder(n))
            #expect(try dorder(n) < dorder("Integration/twa"))
        }
        #expect(try dorder("Workstream/ws") < dorder("Template/shipped"))

        let removed = try await dir.run(M.applyAll)
        #expect(removed.exitCode == 0, "\(removed)")
        #expect(dir.stateAddresses() == ["ContentProfile/keep"])
        let world = try dir.json(dir.sandboxPath)
        #expect(SandboxJSON.inventoryNumbers(world).isEmpty)
        #expect(try await dir.run(["plan", ".", "--detailed-exitcode"]).exitCode == 0)
    }

    @Test func refusedGateLeavesStateAndSandboxUntouched() async throws {
        guard let dir = try EndToEndDirectory(environment: M.instant) else { return }
        // Nothing applied yet: no state or sandbox before, none after.
        try dir.write("wa.yaml", M.whatsApp("support"))
        let first = try await dir.run(["apply", ".", "--auto-approve", "--accept-irreversible"])
        #expect(first.exitCode == 1, "\(first)")
        #expect(first.stderr.contains("billing.whatsapp-monthly"))
        #expect(first.stderr.contains("--accept-billing"))
        #expect(dir.bytes(dir.statePath) == nil)
        #expect(dir.bytes(dir.sandboxPath) == nil)

        // With state and a sandbox: byte-identical after a refusal.
        try dir.remove("wa.yaml")
        try dir.write("a.yaml", M.contentProfile("media"))
        #expect(try await dir.run(M.applyAll).exitCode == 0)
        try dir.write("wa.yaml", M.whatsApp("support", contentProfile: "media"))
        try dir.write("email.yaml", M.agentlessEmail("notify"))
        let state = try #require(dir.bytes(dir.statePath))
        let sandbox = try #require(dir.bytes(dir.sandboxPath))
        let refused = try await dir.run(["apply", ".", "--auto-approve", "--accept-irreversible"])
        #expect(refused.exitCode == 1, "\(refused)")
        #expect(dir.bytes(dir.statePath) == state)
        #expect(dir.bytes(dir.sandboxPath) == sandbox)
        // Without --accept-irreversible either.
        let refusedToo = try await dir.run(["apply", ".", "--auto-approve", "--accept-billing"])
        #expect(refusedToo.exitCode == 1, "\(refusedToo)")
        #expect(refusedToo.stderr.contains("irreversible.whatsapp-number"))
        #expect(dir.bytes(dir.statePath) == state)
        #expect(dir.bytes(dir.sandboxPath) == sandbox)
        // Without --auto-approve on a non-terminal.
        let unapproved = try await dir.run(["apply", ".", "--accept-billing", "--accept-irreversible"])
        #expect(unapproved.exitCode == 1, "\(unapproved)")
        #expect(dir.bytes(dir.statePath) == state)
        #expect(dir.bytes(dir.sandboxPath) == sandbox)
        // The history says so.
        let history = String(decoding: dir.bytes(".switchboard/history.jsonl") ?? Data(), as: UTF8.self)
        #expect(history.contains("refused"))
    }
}
