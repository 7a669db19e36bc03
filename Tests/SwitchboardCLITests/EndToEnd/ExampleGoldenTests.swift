import Foundation
import SwitchboardTestSupport
import Testing

/// Golden transcripts of the built `switchboard` binary on the reference configuration (`manifests/`) and on every
/// folder of `examples/`: what `validate`, `plan`, `graph` and `apply` print and what `apply` leaves in
/// `.switchboard/`, byte for byte, so a refactor that changes any of it shows up as a diff.
///
/// The goldens are under `Golden/examples/<set>/`, one file per step (a transcript of the command line, its exit
/// status, standard output and standard error; or a file the step wrote). Rewrite them from the current binary with
/// `SWITCHBOARD_UPDATE_GOLDEN=1 swift test --filter ExampleGolden`, then review the diff.
///
/// Every set is copied to its own temporary directory first (the package's folders are never run in place, and a
/// `.switchboard/` left in one by a manual run is not copied). The tests only run the binary, so they do not depend
/// on how the package's modules are arranged.
///
/// What is pinned rather than normalised (see `environment`): the sandbox clock, the fingerprint key, the user name,
/// `NO_COLOR`, and everything else in the environment (nothing is inherited but `PATH`). What is normalised is listed
/// in `Normaliser`, each replacement limited to the place where the varying value is printed.
@Suite struct ExampleGoldenTests {
    // MARK: The sets

    /// A manifest set to run, and how.
    struct Case: Sendable, CustomTestStringConvertible {
        /// Its folder in the package (`manifests`, `examples/quickstart`, ...).
        var source: String
        /// Its golden folder under `Golden/examples/`.
        var golden: String
        /// `manifests/` is run as the README says (`--env-file sandbox.env`, the file is in the folder); the examples
        /// get the variables of `examples/sandbox.env` in the environment, as `examples/README.md` says.
        var usesEnvFile: Bool
        var testDescription: String { source }
    }

    /// The valid sets: `manifests/` and every example folder except `invalid/` and `ci/`.
    static let validCases: [Case] =
        [Case(source: "manifests", golden: "manifests", usesEnvFile: true)]
        + folders("examples").filter { $0 != "invalid" && $0 != "ci" }.map {
            Case(source: "examples/\($0)", golden: $0, usesEnvFile: false)
        }

    /// The sets that do not validate: every folder of `examples/invalid/` (one per validation code), and
    /// `examples/ci/` (CI pipeline files, not manifests, which `switchboard validate examples/ci` reports as such).
    static let invalidCases: [Case] =
        folders("examples/invalid").map {
            Case(source: "examples/invalid/\($0)", golden: "invalid/\($0)", usesEnvFile: false)
        } + [Case(source: "examples/ci", golden: "ci", usesEnvFile: false)]

    /// Exit status the first apply is expected to end with, where it is not 0 (none: every example applies cleanly;
    /// the sandbox fails no number by its digits, docs/sandbox.md).
    static let applyExitStatus: [String: Int32] = [:]

    // MARK: Tests

    @Test(arguments: validCases) func validSet(_ set: Case) async throws {
        guard let run = try Run(set) else { return }
        defer { run.remove() }
        let normaliser = Normaliser()
        let env = set.usesEnvFile ? ["--env-file", "sandbox.env"] : []

        // Before apply: nothing is stored, so every plan makes up a fresh lineage (normalised) and there are no
        // remote ids yet.
        for (step, arguments) in [
            ("validate", ["validate", "."] + env),
            ("validate-json", ["validate", ".", "--format", "json"] + env),
            ("plan", ["plan", "."] + env),
            ("plan-json", ["plan", ".", "--format", "json"] + env),
            ("plan-markdown", ["plan", ".", "--format", "markdown"] + env),
            ("graph", ["graph", "."] + env),
        ] {
            let out = try await run.switchboard(arguments)
            #expect(out.exitCode == 0, "\(step): \(out.stderr)")
            check(normaliser.planned(transcript(arguments, out)), set, "\(step).txt")
        }
        #expect(!run.exists(".switchboard/state.json"), "validate, plan and graph must not write state")

        // Apply (README: --auto-approve --accept-billing --accept-irreversible; no set has a destructive finding on
        // its first apply, so --accept-destructive is not needed).
        let applyArguments = ["apply", "."] + env + ["--auto-approve", "--accept-billing", "--accept-irreversible"]
        let applied = try await run.switchboard(applyArguments)
        #expect(applied.exitCode == Self.applyExitStatus[set.source, default: 0], "apply: \(applied.stderr)")

        // Normalised in this order, so the remote ids are numbered in the order the apply summary, then the state
        // file, first print them.
        let stateText = try #require(run.text(".switchboard/state.json"), "apply wrote no state")
        let historyText = try #require(run.text(".switchboard/history.jsonl"), "apply wrote no history")
        let applyStdout = normaliser.applied(applied.stdout)
        let state = normaliser.state(stateText)
        let history = normaliser.history(historyText)
        let applyStderr = normaliser.progress(applied.stderr)
        check(
            transcript(applyArguments, exitCode: applied.exitCode, stdout: applyStdout, stderr: applyStderr), set,
            "apply.txt")
        check(state, set, "state.json")
        check(history, set, "history.jsonl")

        // The sandbox's record of what is charged: the rows of one apply come in the order its parallel changes
        // finished, so they are sorted (the table's column widths do not depend on the order).
        let ledgerArguments = ["sandbox", "ledger", "."]
        let ledger = try await run.switchboard(ledgerArguments)
        #expect(ledger.exitCode == 0, "ledger: \(ledger.stderr)")
        check(
            transcript(
                ledgerArguments, exitCode: ledger.exitCode,
                stdout: normaliser.ledger(ledger.stdout), stderr: normaliser.applied(ledger.stderr)),
            set, "ledger.txt")

        // A second plan: nothing left to do (but for the known failure above).
        let expectChanges = Self.applyExitStatus[set.source, default: 0] != 0
        for (step, arguments, status) in [
            ("replan", ["plan", "."] + env + ["--detailed-exitcode"], Int32(expectChanges ? 2 : 0)),
            ("replan-json", ["plan", ".", "--format", "json"] + env, 0),
        ] {
            let out = try await run.switchboard(arguments)
            #expect(out.exitCode == status, "\(step): \(out.stdout)\(out.stderr)")
            if !expectChanges && step == "replan" {
                #expect(out.stdout.contains("No changes: the manifests match the stored state"), "\(out.stdout)")
            }
            check(normaliser.applied(transcript(arguments, out)), set, "\(step).txt")
        }
    }

    /// The folders of `examples/invalid/` whose code is a warning (`integration.disabled-numbers`: validation reads
    /// no state, so it cannot tell a number still to import from one imported before): validate and plan exit 0,
    /// printing the warning.
    static let warningOnly: Set<String> = ["examples/invalid/integration.disabled-numbers"]

    @Test(arguments: invalidCases) func invalidSet(_ set: Case) async throws {
        guard let run = try Run(set) else { return }
        defer { run.remove() }
        let normaliser = Normaliser()
        for (step, arguments) in [
            ("validate", ["validate", "."]),
            ("validate-json", ["validate", ".", "--format", "json"]),
            ("plan", ["plan", "."]),
        ] {
            let out = try await run.switchboard(arguments)
            if Self.warningOnly.contains(set.source) {
                #expect(out.exitCode == 0, "\(step) of a set with only a warning must exit 0: \(out.stdout)\(out.stderr)")
            } else {
                #expect(out.exitCode == 1, "\(step) of an invalid set must exit 1: \(out.stdout)\(out.stderr)")
            }
            check(normaliser.planned(transcript(arguments, out)), set, "\(step).txt")
        }
        #expect(!run.exists(".switchboard"), "an invalid set must leave nothing behind")
    }

    /// Every example folder has a case (they are listed from the disk), and every golden folder still has its
    /// example: a renamed or removed example must take its goldens with it.
    @Test func everyGoldenFolderBelongsToAnExample() throws {
        let cases = Set((Self.validCases + Self.invalidCases).map(\.golden))
        #expect(cases.contains("manifests") && cases.contains("quickstart") && cases.contains("invalid/yaml.syntax"))
        let root = Golden.directory.appendingPathComponent("examples").path
        var golden = Self.folders(root, absolute: true).filter { $0 != "invalid" }
        golden += Self.folders(root + "/invalid", absolute: true).map { "invalid/\($0)" }
        guard ProcessInfo.processInfo.environment["SWITCHBOARD_UPDATE_GOLDEN"] != "1" else { return }
        #expect(Set(golden) == cases, "golden folders without an example: \(Set(golden).subtracting(cases).sorted())")
    }

    // MARK: Running

    /// The package root.
    static var packageRoot: URL { SwitchboardProcess.packageRoot }

    /// The sub-folders of `path` (package-relative unless `absolute`), sorted, hidden ones left out.
    static func folders(_ path: String, absolute: Bool = false) -> [String] {
        let dir = absolute ? path : packageRoot.appendingPathComponent(path).path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    /// `NAME=value` lines of a package file (comments and blank lines skipped). The values are fake sandbox secrets;
    /// they are passed to the binary and never written anywhere by this test.
    static func envFile(_ path: String) -> [String: String] {
        let url = packageRoot.appendingPathComponent(path)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        var env: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let eq = trimmed.firstIndex(of: "=") else { continue }
            env[String(trimmed[..<eq])] = String(trimmed[trimmed.index(after: eq)...])
        }
        return env
    }

    /// One set copied into a fresh temporary directory, and the binary to run there.
    struct Run {
        let process: SwitchboardProcess
        /// The scratch root; the manifests are in `work/`.
        let scratch: TemporaryDirectory
        let work: URL
        let environment: [String: String]

        init?(_ set: Case, sourceLocation: SourceLocation = #_sourceLocation) throws {
            guard let process = SwitchboardProcess.locate(sourceLocation: sourceLocation) else { return nil }
            self.process = process
            let fm = FileManager.default
            scratch = try TemporaryDirectory("golden")
            work = scratch.url.appendingPathComponent("work")
            try fm.createDirectory(at: work, withIntermediateDirectories: true)
            // State and sandbox data of a manual run in place (git-ignored) must not leak into the test.
            let items = try PackageFolder.copy(set.source, into: work)
            #expect(!items.isEmpty, "\(set.source) is empty", sourceLocation: sourceLocation)
            environment = ExampleGoldenTests.environment(scratch: scratch.url, secrets: !set.usesEnvFile)
        }

        func switchboard(_ arguments: [String]) async throws -> SwitchboardProcess.Output {
            try await process.run(arguments, in: work, environment: environment, timeout: 60)
        }

        func exists(_ path: String) -> Bool { scratch.exists("work/" + path) }

        func text(_ path: String) -> String? {
            FileManager.default.contents(atPath: work.appendingPathComponent(path).path)
                .map { String(decoding: $0, as: UTF8.self) }
        }

        func remove() { scratch.remove() }
    }

    /// The whole environment of every run: nothing is inherited but `PATH` (for `git`, which plan asks for the
    /// commit), so the goldens do not depend on who runs them.
    static func environment(scratch: URL, secrets: Bool) -> [String: String] {
        var env = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": scratch.path,
            "NO_COLOR": "1",
            "TZ": "UTC",
            // The sandbox clock (docs/sandbox.md), frozen: the sandbox's own timestamps (ledger), validation's
            // "today" and the plan's expiry findings use it, and asynchronous states settle at once.
            "SWITCHBOARD_SANDBOX_NOW": "2026-11-20T09:00:00Z",
            // Secret fingerprints are keyed by the state lineage (a fresh UUID) unless this is set
            // (docs/plans.md): a fixed key makes the fingerprints in state.json comparable. A test-only key.
            "SWITCHBOARD_FINGERPRINT_KEY": "switchboard-golden-test-fingerprint-key",
            // The history records the login name (USER, else LOGNAME).
            "USER": "golden",
            "LOGNAME": "golden",
            // plan records the git commit of the manifest directory: never look above the scratch directory, so
            // a temporary directory inside some git work tree cannot add one.
            "GIT_CEILING_DIRECTORIES": scratch.path,
        ]
        if secrets { env.merge(envFile("examples/sandbox.env")) { a, _ in a } }
        return env
    }

    // MARK: Transcripts and goldens

    /// The command line, exit status, standard output and standard error of a run, in one text.
    func transcript(_ arguments: [String], _ out: SwitchboardProcess.Output) -> String {
        transcript(arguments, exitCode: out.exitCode, stdout: out.stdout, stderr: out.stderr)
    }

    func transcript(_ arguments: [String], exitCode: Int32, stdout: String, stderr: String) -> String {
        func section(_ name: String, _ text: String) -> String {
            "--- \(name)\n" + text + (text.isEmpty || text.hasSuffix("\n") ? "" : "\n\\ no newline at end of \(name)\n")
        }
        return "$ switchboard \(arguments.joined(separator: " "))\nexit status: \(exitCode)\n"
            + section("stdout", stdout) + section("stderr", stderr)
    }

    /// Compares with (or, with `SWITCHBOARD_UPDATE_GOLDEN=1`, writes) `Golden/examples/<set>/<file>`.
    func check(_ actual: String, _ set: Case, _ file: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let name = "examples/\(set.golden)/\(file)"
        if ProcessInfo.processInfo.environment["SWITCHBOARD_UPDATE_GOLDEN"] == "1" {
            // Golden.expect creates only the top folder.
            try? FileManager.default.createDirectory(
                at: Golden.directory.appendingPathComponent(name).deletingLastPathComponent(),
                withIntermediateDirectories: true)
        }
        Golden.expect(actual, matches: name, sourceLocation: sourceLocation)
    }
}

/// Replaces what differs from one run to the next, and nothing else. Each replacement names the place the value is
/// printed in, so a random value showing up anywhere new still fails the comparison.
///
/// - State lineage -> `<lineage>`: a fresh UUID for every new state (and, before the first apply, for every plan).
/// - Plan checksum -> `sha256:<checksum>`: it covers the lineage (and prior remote ids and timestamps).
/// - Remote ids -> `<id-1>`, `<id-2>`, ... numbered by first appearance, so references between objects stay visible:
///   the sandbox makes them with `UUID()`.
/// - WhatsApp Business Account id -> `<waba-id>`: the sandbox makes 15 random digits.
/// - state.json `createdAt`, `activatedAt`, `updatedAt` and an intent's `startedAt` -> `<time>`: the real clock
///   (state does not follow the sandbox clock); an intent's `applyId` -> `<apply-id>`: a UUID per apply.
/// - history.jsonl `id`, `time`, `host`, `elapsedMs` -> `<history-id>`, `<time>`, `<host>`, `<ms>`: a UUID, the
///   real clock, `gethostname`, durations.
/// - apply progress `[0.1s]` and `after 0.1s` -> `[<t>]`, `after <t>`: durations.
/// - The order of apply progress lines and of ledger rows: independent changes run in parallel (`--parallelism` 4
///   by default), so progress lines are grouped by address and ledger rows sorted.
///
/// Temporary directory paths need no replacement: every command is given `.` and relative files.
final class Normaliser {
    /// The remote ids seen so far, with their placeholders; one normaliser per set, so the same id gets the same
    /// placeholder in the apply output, the state and the second plan.
    private var ids: [String: String] = [:]

    static let uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    static let checksum = "sha256:[0-9a-f]{64}"
    static let instant = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z"

    /// Output made before anything is stored (validate, plan, graph): only the lineage and the checksum vary.
    func planned(_ text: String) -> String {
        var t = text
        // plan --format json: "lineage": "<uuid>", "checksum": "sha256:<hex>" (state.json spells it `" : "`).
        t = Self.replace(t, "(\"lineage\" ?: \")\(Self.uuid)\"", "<lineage>\"")
        t = Self.replace(t, "(\"checksum\" ?: \")\(Self.checksum)\"", "sha256:<checksum>\"")
        // plan --format markdown footer: state lineage <code><uuid></code> ... plan <code>sha256:<hex></code>.
        t = Self.replace(t, "(state lineage <code>)\(Self.uuid)</code>", "<lineage></code>")
        t = Self.replace(t, "( plan <code>)\(Self.checksum)</code>", "sha256:<checksum></code>")
        return t
    }

    /// Output made after apply: also the remote ids and the WhatsApp Business Account id.
    func applied(_ text: String) -> String {
        var t = planned(text)
        // Apply summary `whatsAppBusinessAccountId: <digits>`; state.json `"whatsAppBusinessAccountId" : "<digits>"`.
        t = Self.replace(t, "(whatsAppBusinessAccountId\"? ?: \"?)[0-9]+", "<waba-id>")
        return remoteIds(t)
    }

    /// state.json: also the real-clock timestamps of each resource and of each intent (a change whose outcome is
    /// not known yet, left by a failed change), and the intent's apply id.
    func state(_ text: String) -> String {
        var t = Self.replace(
            text, "(\"(createdAt|activatedAt|updatedAt|startedAt)\" : \")\(Self.instant)\"", "<time>\"")
        t = Self.replace(t, "(\"applyId\" : \")\(Self.uuid)\"", "<apply-id>\"")
        return applied(t)
    }

    /// history.jsonl (one compact JSON object per line): the record id, time, host, plan checksum and durations.
    func history(_ text: String) -> String {
        var t = text
        t = Self.replace(t, "(\"id\":\")\(Self.uuid)\"", "<history-id>\"")
        t = Self.replace(t, "(\"time\":\")\(Self.instant)\"", "<time>\"")
        t = Self.replace(t, "(\"host\":\")[^\"]*\"", "<host>\"")
        t = Self.replace(t, "(\"planChecksum\":\")\(Self.checksum)\"", "sha256:<checksum>\"")
        t = Self.replace(t, "(\"elapsedMs\":)[0-9]+", "<ms>")
        return applied(t)
    }

    /// apply's standard error: progress lines `[1.2s] ADDR: created after 0.3s`. The durations are replaced; the
    /// lines of changes that ran in parallel interleave in whatever order they happened, so the lines are grouped by
    /// address (in address order), each change's own lines kept in the order they were printed. Lines that name no
    /// address come first, in their order.
    func progress(_ text: String) -> String {
        var t = Self.replace(text, "(^|\n)\\[[0-9]+\\.[0-9]s\\] ", "[<t>] ")
        t = Self.replace(t, "( after )[0-9]+\\.[0-9]s", "<t>")
        t = applied(t)
        var lines = t.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let last = lines.last == "" ? lines.removeLast() : nil
        func address(_ line: String) -> String {
            guard line.hasPrefix("[<t>] "), let colon = line.range(of: ": ") else { return "" }
            return String(line[line.index(line.startIndex, offsetBy: 6)..<colon.lowerBound])
        }
        let grouped = lines.enumerated().sorted { a, b in
            let (x, y) = (address(a.element), address(b.element))
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
        return (grouped + (last.map { [$0] } ?? [])).joined(separator: "\n")
    }

    /// `sandbox ledger`: the header, then the rows sorted (see `progress`).
    func ledger(_ text: String) -> String {
        let t = applied(text)
        var lines = t.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count > 2 else { return t }
        let header = lines.removeFirst()
        let last = lines.last == "" ? lines.removeLast() : nil
        return ([header] + lines.sorted() + (last.map { [$0] } ?? [])).joined(separator: "\n")
    }

    /// Every remaining UUID (in output made after apply these are the sandbox's remote ids, also inside URLs such
    /// as `webhookUrl`): `<id-N>`, numbered by first appearance.
    private func remoteIds(_ text: String) -> String {
        let regex = try! Regex(Self.uuid)
        return text.replacing(regex) { match in
            let id = String(text[match.range])
            if let known = ids[id] { return known }
            let placeholder = "<id-\(ids.count + 1)>"
            ids[id] = placeholder
            return placeholder
        }
    }

    /// Replaces every match of `pattern`, keeping its first group (the context that names the value) and putting
    /// `placeholder` in place of the rest.
    static func replace(_ text: String, _ pattern: String, _ placeholder: String) -> String {
        let regex = try! Regex(pattern)
        return text.replacing(regex) { match in
            (match.output[1].substring.map(String.init) ?? "") + placeholder
        }
    }
}
