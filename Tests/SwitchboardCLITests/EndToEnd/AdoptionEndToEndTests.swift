import Foundation
import SwitchboardTestSupport
import Testing

/// Adopting what exists (issue 19, points 4 and 7), through the built binary and the sandbox's emulators: with state
/// lost (file and backup gone), `plan --refresh` of the same manifests imports everything and creates nothing; the
/// apply makes no create call and records no charge; afterwards nothing is left to do.
@Suite struct AdoptionEndToEndTests {
    typealias M = ManifestDocuments

    /// The ledger's events (`sandbox ledger --format json`), oldest first.
    func ledger(_ dir: EndToEndDirectory) async throws -> [[String: Any]] {
        let out = try await dir.run(["sandbox", "ledger", ".", "--format", "json"])
        #expect(out.exitCode == 0, "\(out)")
        let object = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        return object?["ledger"] as? [[String: Any]] ?? []
    }

    /// Every object the Genesys and Dynamics sides of the world hold, as `collection/id` (what a re-create would add
    /// to).
    func worldObjects(_ dir: EndToEndDirectory) throws -> [String] {
        let world = try dir.json(dir.sandboxPath) as? [String: Any] ?? [:]
        var out: [String] = []
        func walk(_ value: Any, _ path: String) {
            guard let dict = value as? [String: Any] else { return }
            for (key, child) in dict {
                if let members = child as? [String: Any], members.values.allSatisfy({ $0 is [String: Any] }),
                    members.values.contains(where: { ($0 as? [String: Any])?["id"] != nil })
                {
                    out += members.keys.map { "\(path)/\(key)/\($0)" }
                } else {
                    walk(child, path + "/" + key)
                }
            }
        }
        walk(world["genesys"] ?? [:], "genesys")
        walk(world["dynamics"] ?? [:], "dynamics")
        return out.sorted()
    }

    @Test func withStateLostARefreshedPlanImportsEverythingAndCreatesNothing() async throws {
        guard let dir = try EndToEndDirectory(environment: ["SWITCHBOARD_SANDBOX_SPEED": "instant"]) else { return }
        try dir.copyFromPackage("manifests")
        let env = ["--env-file", "sandbox.env"]
        let first = try await dir.run(M.applyAll + env)
        #expect(first.exitCode == 0, "\(first)")
        let managed = dir.stateAddresses()
        let charges = try await ledger(dir)
        let objects = try worldObjects(dir)
        #expect(!charges.isEmpty && !objects.isEmpty)

        // State lost: the file, its backup and any journal.
        for file in ["state.json", "state.json.backup", "state.json.journal"] {
            try? dir.remove(".switchboard/" + file)
        }
        #expect(dir.stateAddresses().isEmpty)
        let plain = try await dir.run(["plan", ".", "--detailed-exitcode"] + env)
        #expect(plain.stdout.contains("to create"), "a plan that does not read the platforms cannot know:\n\(plain)")

        let (plan, planned) = try await dir.planJSON(["--refresh", "--out", "adopt.plan"] + env)
        #expect(planned.exitCode == 0, "\(planned)")
        let actions = Dictionary(
            PlanJSON.changes(plan).map { ($0["address"] as? String ?? "", $0["action"] as? String ?? "") },
            uniquingKeysWith: { a, _ in a })
        #expect(Set(actions.keys) == managed)
        #expect(actions.values.allSatisfy { $0 == "import" }, "\(actions.filter { $0.value != "import" })")
        let summary = plan["summary"] as? [String: Any]
        #expect(summary?["create"] as? Int == 0)
        #expect(summary?["import"] as? Int == managed.count)
        let billing = PlanJSON.changes(plan).flatMap { PlanJSON.findingCodes($0) }.filter { $0.hasPrefix("billing.") }
        #expect(billing.isEmpty, "adopting what is already active starts no charge: \(billing)")

        let text = try await dir.run(["show", "adopt.plan"])
        #expect(text.stdout.contains("<= import"), "\(text)")

        let applied = try await dir.run(["apply", "adopt.plan", "--auto-approve"] + env)
        #expect(applied.exitCode == 0, "\(applied)")
        #expect(!applied.stderr.contains("creating"), "\(applied.stderr)")
        #expect(dir.stateAddresses() == managed)
        #expect(try await ledger(dir).count == charges.count, "adopting recorded a charge")
        #expect(try worldObjects(dir) == objects, "adopting made or removed objects on the platforms")

        let after = try await dir.run(["plan", ".", "--refresh", "--detailed-exitcode"] + env)
        #expect(after.exitCode == 0, "\(after)")
        let history = try await dir.run(["history", "--format", "json"])
        #expect(history.stdout.contains("\"import\""), "\(history)")
    }

    /// `switchboard export` of the Genesys Cloud connection of an applied reference configuration, into a fresh
    /// directory sharing the sandbox: the set validates; in a fresh state `plan --refresh` shows only imports; after
    /// applying them, no changes.
    @Test func anExportedConnectionValidatesImportsOnlyAndThenHasNoChanges() async throws {
        guard let dir = try EndToEndDirectory(environment: ["SWITCHBOARD_SANDBOX_SPEED": "instant"]) else { return }
        try dir.copyFromPackage("manifests")
        #expect(try await dir.run(M.applyAll + ["--env-file", "sandbox.env"]).exitCode == 0)
        let charges = try await ledger(dir).count

        // Outside the manifest directory, which is read recursively.
        let exported = try await dir.run(["export", ".", "--platform", "genesys", "--out", "../exported"])
        #expect(exported.exitCode == 0, "\(exported)")
        let out = dir.root.appendingPathComponent("exported")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == ["content-profiles.yaml", "integrations.yaml", "numbers.yaml", "project.yaml"])
        let variables = exported.stdout.split(separator: "\n").compactMap { line -> String? in
            line.hasPrefix("#   ") ? String(line.dropFirst(4)) : nil
        }
        #expect(variables == ["BYO_TWILIO_SMS_AUTH_TOKEN", "SUPPORT_WHATSAPP_EMBEDDED_SIGNUP_TOKEN", "SUPPORT_WHATSAPP_PIN"])
        let text = try files.map { try String(contentsOf: out.appendingPathComponent($0), encoding: .utf8) }.joined()
        #expect(text.contains("# from platform 'genesys' (genesys-cloud): id "))
        for secret in M.secrets.values { #expect(!text.contains("\"\(secret)\"")) }

        // The exported set in a directory of its own, on the same sandbox world, with no state.
        try FileManager.default.createDirectory(
            at: out.appendingPathComponent(".switchboard"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: dir.work.appendingPathComponent(dir.sandboxPath), to: out.appendingPathComponent(dir.sandboxPath))
        let secrets = [
            "BYO_TWILIO_SMS_AUTH_TOKEN": M.secrets["TWILIO_AUTH_TOKEN"] ?? "",
            "SUPPORT_WHATSAPP_EMBEDDED_SIGNUP_TOKEN": "exported-token", "SUPPORT_WHATSAPP_PIN": "123456",
        ]
        let valid = try await dir.run(["validate", "."], environment: secrets, cwd: out)
        #expect(valid.exitCode == 0, "\(valid)")
        let planned = try await dir.run(
            ["plan", ".", "--refresh", "--format", "json", "--out", "adopt.plan"], environment: secrets, cwd: out)
        #expect(planned.exitCode == 0, "\(planned)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(planned.stdout.utf8)) as? [String: Any])
        let actions = PlanJSON.changes(plan).compactMap { $0["action"] as? String }
        #expect(actions.count == 8 && actions.allSatisfy { $0 == "import" }, "\(actions)")

        let applied = try await dir.run(["apply", "adopt.plan", "--auto-approve"], environment: secrets, cwd: out)
        #expect(applied.exitCode == 0, "\(applied)")
        let after = try await dir.run(["plan", ".", "--refresh", "--detailed-exitcode"], environment: secrets, cwd: out)
        #expect(after.exitCode == 0, "\(after)")
        #expect(try await ledger(dir).count == charges, "adopting the exported set recorded a charge")

        let again = try await dir.run(["export", ".", "--platform", "genesys", "--out", "../exported"])
        #expect(again.exitCode == 1 && again.stderr.contains("exists already"), "\(again)")
        let unknown = try await dir.run(["export", ".", "--platform", "nowhere"])
        #expect(unknown.exitCode == 1 && unknown.stderr.contains("no platform connection named 'nowhere'"))
    }
}
