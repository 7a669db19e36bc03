import Foundation
import SwitchboardTestSupport
import Testing

/// The history of an apply killed part way (`SWITCHBOARD_FAULT_CRASH_AFTER`, the process ends at once): its
/// `running` record already holds the changes completed before it died, and the next command that takes the lock
/// closes it as `interrupted`. The PostgreSQL backend's twin is in `PostgresCLITests`.
@Suite struct InterruptedHistoryEndToEndTests {
    typealias M = ManifestDocuments

    /// An integration and two numbers imported through it one at a time: the integration, then `a`, then `b`.
    static let documents = M.join([
        M.twilioSMS("sms"), M.number("a", integration: "sms", suffix: "0161"),
        M.number("b", integration: "sms", suffix: "0162"),
    ])

    /// The apply records of `history --format json` (a lock taken over from the killed process adds a
    /// `lock-takeover` record, left out).
    static func records(_ dir: EndToEndDirectory) async throws -> [[String: Any]] {
        let log = try await dir.run(["history", "--format", "json"])
        #expect(log.exitCode == 0, "\(log)")
        let all = (try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]]) ?? []
        return all.filter { $0["event"] as? String == "apply" }
    }

    /// Outcome by address of a record.
    static func outcomes(_ record: [String: Any]?) -> [String: String] {
        var out: [String: String] = [:]
        for change in (record?["changes"] as? [[String: Any]]) ?? [] {
            if let a = change["address"] as? String, let o = change["outcome"] as? String { out[a] = o }
        }
        return out
    }

    @Test func aKilledApplyIsClosedAsInterruptedWithTheChangesItCompleted() async throws {
        guard let dir = try EndToEndDirectory(environment: M.instant) else { return }
        defer { dir.scratch.remove() }
        try dir.write("sms.yaml", Self.documents)
        let crashed = try await dir.run(M.applyAll, environment: ["SWITCHBOARD_FAULT_CRASH_AFTER": "Number/a"])
        #expect(crashed.exitCode == 137, "\(crashed)")

        // Before any command takes the lock: the record is running and already says the integration was created.
        let before = try await Self.records(dir)
        #expect(before.map { $0["result"] as? String } == ["running"])
        #expect(
            Self.outcomes(before.first)
                == ["Integration/sms": "succeeded", "Number/a": "pending", "Number/b": "pending"])
        #expect(dir.bytes(".switchboard/history.running.jsonl") != nil)

        // A plan takes no lock and closes nothing; the next apply does, then runs.
        #expect(try await dir.run(["plan", "."]).exitCode == 0)
        #expect(try await Self.records(dir).first?["result"] as? String == "running")
        let rerun = try await dir.run(M.applyAll)
        #expect(rerun.exitCode == 0, "\(rerun)")
        let after = try await Self.records(dir)
        #expect(after.map { $0["result"] as? String } == ["interrupted", "succeeded"])
        let closed = after.first
        #expect(closed?["id"] as? String == before.first?["id"] as? String)
        #expect(
            Self.outcomes(closed)
                == ["Integration/sms": "succeeded", "Number/a": "interrupted", "Number/b": "not-started"])
        #expect((closed?["message"] as? String)?.contains("1 of 3 changes completed; closed by 'apply'") == true)
        #expect(dir.bytes(".switchboard/history.running.jsonl") == nil)
        let text = try await dir.run(["history"])
        #expect(text.stdout.contains("interrupted"), "\(text)")
    }

    @Test func aReApplyWithNothingLeftStillRecordsWhatItResolved() async throws {
        guard let dir = try EndToEndDirectory(environment: M.instant) else { return }
        defer { dir.scratch.remove() }
        try dir.write("sms.yaml", Self.documents)
        // Killed right after the last change: the re-apply only adopts it.
        let crashed = try await dir.run(M.applyAll, environment: ["SWITCHBOARD_FAULT_CRASH_AFTER": "Number/b"])
        #expect(crashed.exitCode == 137, "\(crashed)")
        let rerun = try await dir.run(M.applyAll)
        #expect(rerun.exitCode == 0, "\(rerun)")
        #expect(rerun.stdout.contains("Nothing to apply"), "\(rerun)")
        let records = try await Self.records(dir)
        #expect(records.map { $0["result"] as? String } == ["interrupted", "succeeded"])
        #expect(
            Self.outcomes(records.first)
                == ["Integration/sms": "succeeded", "Number/a": "succeeded", "Number/b": "interrupted"])
        let message = records.last?["message"] as? String
        #expect(message == "nothing to apply; recorded the outcomes of an interrupted apply", "\(records)")
        #expect((records.last?["changes"] as? [Any])?.isEmpty == true)
        // Then a clean re-apply writes nothing.
        #expect(try await dir.run(M.applyAll).exitCode == 0)
        #expect(try await Self.records(dir).count == 2)
    }
}
