import Foundation
import SwitchboardTestSupport
import Testing

/// A temporary manifest directory that several runs of the built `switchboard` binary share, as a user's checkout
/// would: the tests write manifests into `work/`, run commands there, and read `work/.switchboard/` afterwards.
///
/// Standard output and error of every run land in `runs/` beside `work/` (files, not pipes, so nothing can block),
/// so a test can also search them afterwards.
final class EndToEndDirectory: Sendable {
    /// The scratch root: `work/` (the manifest directory, the current directory of every run) and `runs/`.
    let scratch: TemporaryDirectory
    /// The manifest directory.
    let work: URL
    let switchboard: SwitchboardProcess
    /// The environment every run gets (plus what a run adds).
    let environment: [String: String]

    /// What a finished run produced.
    typealias Output = SwitchboardProcess.Output
    /// A run in the background.
    typealias Running = SwitchboardProcess.Child

    /// Makes a fresh directory; `nil` (with an issue recorded) when the binary has not been built.
    init?(environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let located = SwitchboardProcess.locate(sourceLocation: sourceLocation) else { return nil }
        switchboard = located
        scratch = try TemporaryDirectory("e2e")
        work = scratch.url.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: scratch.url.appendingPathComponent("runs"), withIntermediateDirectories: true)
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
        for key in ["HOME", "USER", "LOGNAME"] {
            if let v = ProcessInfo.processInfo.environment[key] { env[key] = v }
        }
        self.environment = env.merging(environment) { _, new in new }
    }

    /// The scratch root as a URL.
    var root: URL { scratch.url }

    // MARK: Files

    /// Writes `contents` to `path` relative to the manifest directory.
    func write(_ path: String, _ contents: String) throws {
        let url = work.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }

    /// Removes a file of the manifest directory.
    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: work.appendingPathComponent(path))
    }

    /// Copies a folder of the package (e.g. `manifests`) into the manifest directory, without the state and sandbox
    /// a run in place left there.
    func copyFromPackage(_ folder: String) throws {
        try PackageFolder.copy(folder, into: work)
    }

    /// The bytes of a file of the manifest directory, nil when it does not exist.
    func bytes(_ path: String) -> Data? {
        FileManager.default.contents(atPath: work.appendingPathComponent(path).path)
    }

    /// A JSON file of the manifest directory, parsed, with the journal beside it folded in (what a reader sees).
    func json(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
        try #require(
            try JournaledFile.json(work.appendingPathComponent(path).path), "\(path) does not exist",
            sourceLocation: sourceLocation)
    }

    var statePath: String { ".switchboard/state.json" }
    var sandboxPath: String { ".switchboard/sandbox.json" }

    /// The addresses recorded in state.json (empty when there is none).
    func stateAddresses() -> Set<String> {
        guard let object = try? JournaledFile.json(work.appendingPathComponent(statePath).path),
            let resources = object["resources"] as? [String: Any]
        else { return [] }
        return Set(resources.keys)
    }

    /// Every file under the scratch root (manifests, state, sandbox, plans and the output of every run).
    func allFiles() -> [URL] {
        guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        return e.compactMap { $0 as? URL }.filter {
            (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
        }
    }

    // MARK: Running

    /// Starts `switchboard ARGS` in the manifest directory (or `cwd`) with the directory's environment plus
    /// `environment`.
    func start(_ arguments: [String], environment extra: [String: String] = [:], cwd: URL? = nil) throws -> Running {
        try switchboard.start(
            arguments, in: cwd ?? work, environment: environment.merging(extra) { _, new in new },
            logs: root.appendingPathComponent("runs"))
    }

    /// Runs `switchboard ARGS` to completion.
    @discardableResult
    func run(
        _ arguments: [String], environment extra: [String: String] = [:], cwd: URL? = nil, timeout: Double = 60,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Output {
        try await start(arguments, environment: extra, cwd: cwd).wait(timeout: timeout, sourceLocation: sourceLocation)
    }

    // MARK: Plans

    /// `plan --format json` parsed, with the run's output.
    func planJSON(_ extra: [String] = [], environment: [String: String] = [:]) async throws -> (
        plan: [String: Any], output: Output
    ) {
        let out = try await run(["plan", ".", "--format", "json"] + extra, environment: environment)
        let data = Data(out.stdout.utf8)
        let plan = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        return (try #require(plan, "plan --format json did not print a JSON object:\n\(out)"), out)
    }
}

/// Helpers over a parsed JSON plan.
enum PlanJSON {
    static func changes(_ plan: [String: Any]) -> [[String: Any]] { plan["changes"] as? [[String: Any]] ?? [] }

    static func change(_ plan: [String: Any], _ address: String) -> [String: Any]? {
        changes(plan).first { $0["address"] as? String == address }
    }

    static func order(_ plan: [String: Any], _ address: String) -> Int? { change(plan, address)?["order"] as? Int }

    static func action(_ plan: [String: Any], _ address: String) -> String? {
        change(plan, address)?["action"] as? String
    }

    static func findingCodes(_ change: [String: Any]?) -> [String] {
        (change?["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }

    static func findingMessages(_ change: [String: Any]?) -> [String] {
        (change?["findings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
    }
}

/// Walks a parsed sandbox.json.
enum SandboxJSON {
    /// Every object of every collection called `name` (e.g. `smsPhoneNumbers`) anywhere in the world.
    static func objects(in collection: String, of world: Any) -> [[String: Any]] {
        var found: [[String: Any]] = []
        func walk(_ value: Any) {
            if let dict = value as? [String: Any] {
                for (key, child) in dict {
                    if key == collection, let members = child as? [String: Any] {
                        found += members.values.compactMap { $0 as? [String: Any] }
                    } else {
                        walk(child)
                    }
                }
            } else if let list = value as? [Any] {
                list.forEach(walk)
            }
        }
        walk(world)
        return found
    }

    /// The phone numbers in the Genesys SMS inventories and the Dynamics WhatsApp number tables, one entry per
    /// object (duplicates show as repeated entries).
    static func inventoryNumbers(_ world: Any) -> [String] {
        let sms = objects(in: "smsPhoneNumbers", of: world).compactMap {
            ($0["phoneNumber"] as? String) ?? ($0["shortCode"] as? String) ?? ($0["shortcode"] as? String)
        }
        let whatsapp = objects(in: "whatsAppNumbers", of: world).compactMap {
            $0["msdyn_organizationphonenumber"] as? String
        }
        return (sms + whatsapp).sorted()
    }
}
