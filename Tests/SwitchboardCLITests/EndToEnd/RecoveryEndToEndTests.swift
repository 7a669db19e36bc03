import Foundation
import SwitchboardTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Locking, crashes and kills: a second apply is refused naming the holder; an apply that dies at the worst moment
/// is finished by the next one without duplicating anything on the platform.
@Suite struct RecoveryEndToEndTests {
    typealias M = ManifestDocuments

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    @Test func aSecondConcurrentApplyIsRefusedNamingTheHolder() async throws {
        // Slow sandbox timing: the reference configuration takes 15 s or more, so the first apply still holds the
        // lock when the second starts, however busy the machine is.
        guard let dir = try EndToEndDirectory(environment: ["USER": "first-operator"]) else { return }
        try dir.copyFromPackage("manifests")
        let first = try dir.start(
            M.applyAll + ["--env-file", "sandbox.env"], environment: ["SWITCHBOARD_SANDBOX_SPEED": "slow"])
        let lockPath = dir.work.appendingPathComponent(".switchboard/state.json.lock").path
        let locked = await eventually(timeout: 60, every: 0.02) { FileManager.default.fileExists(atPath: lockPath) }
        guard locked, first.isRunning else {
            let output = await first.wait()
            Issue.record("the first apply never held the lock while the second could start: \(output)")
            return
        }

        let second = try await dir.run(
            M.applyAll + ["--env-file", "sandbox.env"],
            environment: ["USER": "second-operator", "SWITCHBOARD_SANDBOX_SPEED": "instant"])
        // Refused, not queued: it fails naming the holder (a waiting apply would have succeeded after the first).
        // No wall-clock bound, which a busy machine breaks.
        // A third one waits for the lock instead (--lock-timeout) and then finds nothing left to do.
        let patient = try dir.start(
            M.applyAll + ["--env-file", "sandbox.env", "--lock-timeout", "60"],
            environment: ["SWITCHBOARD_SANDBOX_SPEED": "instant"])
        #expect(second.exitCode == 1, "\(second)")
        #expect(second.stderr.contains("locked"), "\(second)")
        #expect(second.stderr.contains("first-operator"), "\(second)")
        #expect(second.stderr.contains(Self.hostName()), "\(second)")
        #expect(second.stderr.contains("pid \(first.pid)"), "\(second)")
        #expect(second.stderr.contains("'apply'"), "\(second)")

        let done = try await first.wait(timeout: 60)
        #expect(done.exitCode == 0, "\(done)")
        let waited = try await patient.wait(timeout: 60)
        #expect(waited.exitCode == 0, "\(waited)")
        #expect(waited.stdout.contains("Nothing to apply"), "\(waited)")
        #expect(!FileManager.default.fileExists(atPath: lockPath), "the lock outlived the apply")
        let plan = try await dir.run(
            ["plan", ".", "--env-file", "sandbox.env", "--detailed-exitcode"],
            environment: ["SWITCHBOARD_SANDBOX_SPEED": "instant"])
        #expect(plan.exitCode == 0, "\(plan)")
    }

    /// A crash right after `target`'s platform mutation, before its state write; then a clean re-run.
    func crashThenConverge(_ dir: EndToEndDirectory, target: String) async throws {
        let crashed = try await dir.run(M.applyAll, environment: ["SWITCHBOARD_FAULT_CRASH_AFTER": target])
        #expect(crashed.exitCode == 137, "\(crashed)")
        #expect(!dir.stateAddresses().contains(target), "the crash came after the state write")
        let state = try dir.json(dir.statePath) as? [String: Any]
        let intents = state?["intents"] as? [String: Any] ?? [:]
        #expect(intents[target] != nil, "no intent was left for \(target): \(intents.keys)")

        // The next plan adopts the object by its natural key: nothing left to do for it.
        let (plan, planned) = try await dir.planJSON()
        #expect(planned.exitCode == 0, "\(planned)")
        #expect(PlanJSON.action(plan, target) == "noop", "\(planned)")
        #expect(planned.stderr.contains("adopted"), "\(planned)")

        let rerun = try await dir.run(M.applyAll)
        #expect(rerun.exitCode == 0, "\(rerun)")
        #expect(rerun.stderr.contains("adopted"), "the re-run should adopt what the crashed apply created:\n\(rerun)")
        let empty = try await dir.run(["plan", ".", "--detailed-exitcode"])
        #expect(empty.exitCode == 0, "\(empty)")
        let after = try dir.json(dir.statePath) as? [String: Any]
        let remaining: [String: Any] = after?["intents"] as? [String: Any] ?? [:]
        #expect(remaining.isEmpty, "intents left: \(remaining.keys)")
    }

    @Test func aCrashAfterANumberImportConvergesWithoutDuplicates() async throws {
        guard let dir = try EndToEndDirectory(environment: M.instant) else { return }
        try dir.write(
            "sms.yaml",
            M.join([
                M.contentProfile("media"), M.twilioSMS("sms"),
                M.number("a", integration: "sms", suffix: "0171", contentProfile: "media"),
                M.number("b", integration: "sms", suffix: "0172"),
                M.number("c", integration: "sms", suffix: "0173"),
            ]))
        try await crashThenConverge(dir, target: "Number/b")
        let world = try dir.json(dir.sandboxPath)
        #expect(SandboxJSON.inventoryNumbers(world) == ["+14155550171", "+14155550172", "+14155550173"])
        #expect(dir.stateAddresses().isSuperset(of: ["Number/a", "Number/b", "Number/c"]))

        // A crash right after a delete, before state forgets the number: the next run sees it gone.
        try dir.write(
            "sms.yaml",
            M.join([
                M.contentProfile("media"), M.twilioSMS("sms"),
                M.number("a", integration: "sms", suffix: "0171", contentProfile: "media"),
                M.number("c", integration: "sms", suffix: "0173"),
            ]))
        let crashed = try await dir.run(M.applyAll, environment: ["SWITCHBOARD_FAULT_CRASH_AFTER": "Number/b"])
        #expect(crashed.exitCode == 137, "\(crashed)")
        #expect(dir.stateAddresses().contains("Number/b"))
        let rerun = try await dir.run(M.applyAll)
        #expect(rerun.exitCode == 0, "\(rerun)")
        #expect(!dir.stateAddresses().contains("Number/b"))
        #expect(SandboxJSON.inventoryNumbers(try dir.json(dir.sandboxPath)) == ["+14155550171", "+14155550173"])
        #expect(try await dir.run(["plan", ".", "--detailed-exitcode"]).exitCode == 0)
    }

    @Test func aCrashAfterAnIntegrationCreateConvergesWithoutDuplicates() async throws {
        guard let dir = try EndToEndDirectory(environment: M.instant) else { return }
        try dir.write(
            "sms.yaml",
            M.join([
                M.twilioSMS("sms"), M.number("a", integration: "sms", suffix: "0181"),
                M.number("b", integration: "sms", suffix: "0182"),
            ]))
        try await crashThenConverge(dir, target: "Integration/sms")
        let world = try dir.json(dir.sandboxPath)
        let integrations = SandboxJSON.objects(in: "integrations", of: world).filter { $0["name"] as? String == "sms" }
        #expect(integrations.count == 1)
        #expect(SandboxJSON.inventoryNumbers(world) == ["+14155550181", "+14155550182"])
    }

    @Test func aCrashAfterAWhatsAppActivationIsAdoptedNotReplaced() async throws {
        guard let dir = try EndToEndDirectory(environment: M.instant) else { return }
        try dir.write("wa.yaml", M.whatsApp("support"))
        let crashed = try await dir.run(
            M.applyAll, environment: ["SWITCHBOARD_FAULT_CRASH_AFTER": "Integration/support"])
        #expect(crashed.exitCode == 137, "\(crashed)")
        // The next plan adopts the integration: replacing it would bill another month and re-onboard the number.
        let (plan, out) = try await dir.planJSON()
        #expect(out.exitCode == 0, "\(out)")
        #expect(PlanJSON.action(plan, "Integration/support") == "noop", "\(out.stdout)")
        #expect(
            !PlanJSON.findingCodes(PlanJSON.change(plan, "Integration/support")).contains("billing.whatsapp-minimum"))
        // Nothing is left to do, but the re-run still records the adopted integration and clears the intent.
        let rerun = try await dir.run(M.applyAll)
        #expect(rerun.exitCode == 0, "\(rerun)")
        #expect(dir.stateAddresses() == ["Integration/support"])
        let state = try dir.json(dir.statePath) as? [String: Any]
        let intents: [String: Any] = state?["intents"] as? [String: Any] ?? [:]
        #expect(intents.isEmpty, "intents left: \(intents.keys)")
        let quiet = try await dir.run(["plan", ".", "--detailed-exitcode"])
        #expect(quiet.exitCode == 0, "\(quiet)")
        #expect(!quiet.stderr.contains("adopted"), "the adoption should have been recorded once:\n\(quiet)")
        let world = try dir.json(dir.sandboxPath)
        let integrations = SandboxJSON.objects(in: "whatsAppIntegrations", of: world)
        #expect(integrations.count == 1)
        let ledger = (world as? [String: Any])?["ledger"] as? [[String: Any]] ?? []
        #expect(!ledger.contains { ($0["event"] as? String)?.contains("deleted") == true }, "\(ledger)")
    }

    @Test func aCrashHalfWayThroughAReplacementConverges() async throws {
        guard let dir = try EndToEndDirectory(environment: M.instant) else { return }
        try dir.write("sms.yaml", M.join([M.twilioSMS("sms"), M.number("a", integration: "sms", suffix: "0175")]))
        #expect(try await dir.run(M.applyAll).exitCode == 0)
        // A new phone number replaces the number: delete, then import. The process dies after the delete.
        try dir.write("sms.yaml", M.join([M.twilioSMS("sms"), M.number("a", integration: "sms", suffix: "0176")]))
        #expect(try await dir.planJSON().plan["summary"].flatMap { ($0 as? [String: Int])?["replace"] } == 1)
        let crashed = try await dir.run(M.applyAll, environment: ["SWITCHBOARD_FAULT_CRASH_AFTER": "Number/a"])
        #expect(crashed.exitCode == 137, "\(crashed)")
        #expect(SandboxJSON.inventoryNumbers(try dir.json(dir.sandboxPath)).isEmpty)
        let rerun = try await dir.run(M.applyAll)
        #expect(rerun.exitCode == 0, "\(rerun)")
        #expect(SandboxJSON.inventoryNumbers(try dir.json(dir.sandboxPath)) == ["+14155550176"])
        #expect(try await dir.run(["plan", ".", "--detailed-exitcode"]).exitCode == 0)
    }

    @Test func aCrashDuringAWhatsAppActivationIsNotAReplacement() async throws {
        guard let dir = try EndToEndDirectory(environment: M.instant) else { return }
        try dir.write("wa.yaml", M.whatsApp("support", enabled: false))
        #expect(try await dir.run(M.applyAll).exitCode == 0)
        // Activation is an update in place; the process dies right after it, before state records it.
        try dir.write("wa.yaml", M.whatsApp("support", enabled: true))
        let crashed = try await dir.run(
            M.applyAll, environment: ["SWITCHBOARD_FAULT_CRASH_AFTER": "Integration/support"])
        #expect(crashed.exitCode == 137, "\(crashed)")
        let (plan, out) = try await dir.planJSON()
        #expect(out.exitCode == 0, "\(out)")
        #expect(PlanJSON.action(plan, "Integration/support") != "replace", "\(out.stdout)")
        #expect(
            !PlanJSON.findingCodes(PlanJSON.change(plan, "Integration/support")).contains("billing.whatsapp-minimum"))
        let rerun = try await dir.run(M.applyAll)
        #expect(rerun.exitCode == 0, "\(rerun)")
        #expect(try await dir.run(["plan", ".", "--detailed-exitcode"]).exitCode == 0)
        let world = try dir.json(dir.sandboxPath)
        #expect(SandboxJSON.objects(in: "whatsAppIntegrations", of: world).count == 1)
        let ledger = (world as? [String: Any])?["ledger"] as? [[String: Any]] ?? []
        #expect(!ledger.contains { ($0["event"] as? String)?.contains("deleted") == true }, "\(ledger)")
    }

    @Test func sigkillDuringALargeApplyThenARerunTakesOverAndConverges() async throws {
        guard let dir = try EndToEndDirectory(environment: M.secrets) else { return }
        let count = 60
        let suffixes = (0..<count).map { String(format: "%04d", 2000 + $0) }
        var documents = [M.contentProfile("media"), M.contentProfile("other"), M.twilioSMS("sms")]
        for (i, s) in suffixes.enumerated() {
            documents.append(
                M.number("n\(i)", integration: "sms", suffix: s, contentProfile: i % 2 == 0 ? "media" : nil))
        }
        try dir.write("sms.yaml", M.join(documents))

        // Standard timing: each import takes about 0.8 s, so the apply is killed part way.
        let apply = try dir.start(M.applyAll)
        func numbersInState() -> Int { dir.stateAddresses().filter { $0.hasPrefix("Number/") }.count }
        let partway = await eventually(timeout: 30, every: 0.02) { numbersInState() >= 3 || !apply.isRunning }
        #expect(partway)
        #expect(apply.isRunning, "the apply finished before it could be killed")
        let killedPid = apply.pid
        apply.kill9()
        let recorded = numbersInState()
        #expect(recorded >= 3 && recorded < count, "\(recorded) numbers in state when killed")
        // What it recorded is in the journals beside the state and the world, not yet folded into them.
        let journal = dir.work.appendingPathComponent(dir.statePath + ".journal").path
        #expect(FileManager.default.fileExists(atPath: journal), "the killed apply left no state journal")
        #expect(FileManager.default.fileExists(atPath: journal.replacingOccurrences(of: "state.json", with: "sandbox.json")))
        let folded = dir.stateAddresses()
        // The dead holder's lease is still on disk.
        let lock = try dir.json(".switchboard/state.json.lock") as? [String: Any]
        #expect((lock?["pid"] as? Int).map(Int32.init) == killedPid)

        // The next command that takes the lock folds the journal in: nothing the killed apply recorded is lost.
        let rerun = try await dir.run(M.applyAll, environment: ["SWITCHBOARD_SANDBOX_SPEED": "instant"], timeout: 60)
        #expect(rerun.exitCode == 0, "\(rerun)")
        #expect(!FileManager.default.fileExists(atPath: journal), "the state journal was not folded in")
        #expect(!FileManager.default.fileExists(atPath: journal.replacingOccurrences(of: "state.json", with: "sandbox.json")))
        #expect(dir.stateAddresses().isSuperset(of: folded))
        let history = String(decoding: dir.bytes(".switchboard/history.jsonl") ?? Data(), as: UTF8.self)
        #expect(history.contains("lock-takeover") && history.contains("\(killedPid)"), "\(history)")
        // The killed apply left its trace: its `running` record, closed as `interrupted` by the re-run that took the
        // lock, with the changes it completed before it was killed.
        #expect(history.contains("\"result\":\"running\""), "\(history)")
        #expect(history.contains("\"result\":\"interrupted\""), "\(history)")
        let log = try await dir.run(["history", "--format", "json"], environment: [:], timeout: 30)
        #expect(log.stdout.contains("\"result\" : \"interrupted\""), "\(log)")
        #expect(!log.stdout.contains("\"result\" : \"running\""), "\(log)")
        let records = (try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]]) ?? []
        let killed = records.first { $0["result"] as? String == "interrupted" }
        let completed = ((killed?["changes"] as? [[String: Any]]) ?? []).filter {
            $0["outcome"] as? String == "succeeded"
        }
        #expect(completed.count >= recorded, "the closed record lists fewer completed changes than state holds")

        let world = try dir.json(dir.sandboxPath)
        #expect(SandboxJSON.inventoryNumbers(world) == suffixes.map { "+1415555" + $0 })
        #expect(numbersInState() == count)
        let plan = try await dir.run(
            ["plan", ".", "--detailed-exitcode"], environment: ["SWITCHBOARD_SANDBOX_SPEED": "instant"])
        #expect(plan.exitCode == 0, "\(plan)")
    }
}
