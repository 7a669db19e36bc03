import Foundation
import StateBackends
import SwitchboardModel
import SwitchboardTestSupport
import Testing

/// End to end through the built `switchboard` binary: two processes applying to one PostgreSQL workspace.
@Suite struct PostgresCLITests {
    /// The built binary (`swift build` puts it beside the test bundle's products).
    static func binary() throws -> String {
        try #require(SwitchboardProcess.locate()).binary.path
    }

    /// A twilio-sms integration with `numbers` numbers (imports into one integration run one at a time, about
    /// 0.8 s each at standard speed) and the given content profiles.
    static func manifests(numbers: Int, profiles: [String], workspace: String) -> String {
        var text = """
            apiVersion: switchboard/v1
            kind: Project
            metadata: {name: team}
            spec:
              state: {backend: postgres, url: {secretEnv: SWITCHBOARD_DATABASE_URL}, workspace: \(workspace)}
            ---
            apiVersion: switchboard/v1
            kind: Integration
            metadata: {name: sms}
            spec: {type: twilio-sms, accountSid: AC0123456789abcdef0123456789abcdef, authToken: {secretEnv: TWILIO_AUTH_TOKEN}, region: us-east-1}

            """
        for i in 0..<numbers {
            text += """
                ---
                apiVersion: switchboard/v1
                kind: Number
                metadata: {name: n\(i)}
                spec: {integration: sms, type: local, phoneNumber: "+1415555011\(i)", country: US}

                """
        }
        for p in profiles {
            text += """
                ---
                apiVersion: switchboard/v1
                kind: ContentProfile
                metadata: {name: \(p)}
                spec: {inbound: [image/png], outbound: [image/png]}

                """
        }
        return text
    }

    func directory(_ profiles: [String], workspace: String) throws -> TemporaryDirectory {
        try directory(numbers: 6, profiles, workspace: workspace)
    }

    func directory(numbers: Int, _ profiles: [String], workspace: String) throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory("pgcli")
        try dir.write("m.yaml", Self.manifests(numbers: numbers, profiles: profiles, workspace: workspace))
        return dir
    }

    func apply(
        _ dir: TemporaryDirectory, url: String, speed: String, extra: [String] = [], crashAfter: String? = nil
    ) throws -> (ChildProcess, String) {
        let log = dir.path("apply-\(UUID().uuidString.prefix(6)).log")
        let crash = crashAfter.map { ["SWITCHBOARD_FAULT_CRASH_AFTER=\($0)"] } ?? []
        let child = try ChildProcess.spawn(
            "/usr/bin/env",
            ["SWITCHBOARD_DATABASE_URL=\(url)", "TWILIO_AUTH_TOKEN=pg-cli-test-token", "SWITCHBOARD_SANDBOX_SPEED=\(speed)", "NO_COLOR=1"]
                + crash + [try Self.binary(), "apply", dir.path, "--auto-approve"] + extra,
            outputPath: log)
        return (child, log)
    }

    /// Outcome by address of a history record.
    static func outcomes(_ record: HistoryRecord?) -> [String: HistoryChange.Outcome] {
        Dictionary(
            (record?.changes ?? []).map { ($0.address.description, $0.outcome) }, uniquingKeysWith: { _, b in b })
    }

    @Test func aKilledApplyIsClosedAsInterruptedAndAReApplyWithNothingLeftIsRecorded() async throws {
        let url = try await PostgresTestServer.shared.url()
        let workspace = PostgresTestServer.workspace("cli-crash")
        let dir = try directory(numbers: 2, [], workspace: workspace)
        defer { dir.remove() }
        let store = PostgresStateStore(url: url, workspace: workspace)

        // Killed right after importing n0: the record already says the integration was created.
        let (a, aLog) = try apply(dir, url: url, speed: "instant", crashAfter: "Number/n0")
        #expect(await a.wait() == 137, "\((try? String(contentsOfFile: aLog, encoding: .utf8)) ?? "")")
        let running = try await store.history().filter { $0.event == .apply }
        #expect(running.map(\.result) == [.running])
        #expect(
            Self.outcomes(running.first)
                == ["Integration/sms": .succeeded, "Number/n0": .pending, "Number/n1": .pending])

        // The next apply takes the lock, closes the record, adopts n0 and imports n1.
        let (b, bLog) = try apply(dir, url: url, speed: "instant")
        #expect(await b.wait() == 0, "\((try? String(contentsOfFile: bLog, encoding: .utf8)) ?? "")")
        var history = try await store.history().filter { $0.event == .apply }
        #expect(history.map(\.result) == [.interrupted, .succeeded])
        #expect(history.first?.id == running.first?.id)
        #expect(
            Self.outcomes(history.first)
                == ["Integration/sms": .succeeded, "Number/n0": .interrupted, "Number/n1": .notStarted])

        // Killed after the last change: the re-apply has nothing left to do but still records what it resolved.
        _ = try dir.write("m.yaml", Self.manifests(numbers: 3, profiles: [], workspace: workspace))
        let (c, cLog) = try apply(dir, url: url, speed: "instant", crashAfter: "Number/n2")
        #expect(await c.wait() == 137, "\((try? String(contentsOfFile: cLog, encoding: .utf8)) ?? "")")
        let (d, dLog) = try apply(dir, url: url, speed: "instant")
        #expect(await d.wait() == 0, "\((try? String(contentsOfFile: dLog, encoding: .utf8)) ?? "")")
        history = try await store.history().filter { $0.event == .apply }
        #expect(history.map(\.result) == [.interrupted, .succeeded, .interrupted, .succeeded])
        #expect(Self.outcomes(history[2]) == ["Number/n2": .interrupted])
        #expect(history[3].changes.isEmpty)
        #expect(history[3].message == "nothing to apply; recorded the outcomes of an interrupted apply")
        #expect(try await store.load().intents.isEmpty)
        #expect(try await store.runningHistory().isEmpty)
    }

    @Test func twoAppliesOnOneWorkspaceNeverRunAtOnceAndLoseNothing() async throws {
        let url = try await PostgresTestServer.shared.url()
        let workspace = PostgresTestServer.workspace("cli")
        let first = try directory(["first-1"], workspace: workspace)
        let second = try directory(["first-1", "second-1"], workspace: workspace)
        defer {
            first.remove()
            second.remove()
        }
        // The first apply takes the lock and holds it for several seconds (six chained number imports).
        let (a, aLog) = try apply(first, url: url, speed: "standard")
        let holder = PostgresStateStore(url: url, workspace: workspace)
        let locked = await eventually(timeout: 30) { (try? await holder.currentLock()) != nil }
        #expect(locked, "the first apply never took the lock")

        // A second apply without waiting is refused at once, naming the holder.
        let (b, bLog) = try apply(second, url: url, speed: "instant")
        #expect(await b.wait() == 1)
        let refused = (try? String(contentsOfFile: bLog, encoding: .utf8)) ?? ""
        #expect(refused.contains("locked by"), "\(refused)")
        #expect(refused.contains("apply"))

        // A second apply that waits proceeds after the first, on the state the first left: nothing lost.
        let (c, cLog) = try apply(second, url: url, speed: "instant", extra: ["--lock-timeout", "120"])
        #expect(await a.wait() == 0, "\((try? String(contentsOfFile: aLog, encoding: .utf8)) ?? "")")
        #expect(await c.wait() == 0, "\((try? String(contentsOfFile: cLog, encoding: .utf8)) ?? "")")
        let waited = (try? String(contentsOfFile: cLog, encoding: .utf8)) ?? ""
        #expect(waited.contains("1 created"), "\(waited)")
        let final = try await holder.load()
        #expect(final.resources.count == 9)
        #expect(final.resources[Address(.contentProfile, "second-1")] != nil)
        #expect((0..<6).allSatisfy { final.resources[Address(.number, "n\($0)")] != nil })
        let history = try await holder.history().filter { $0.event == .apply }.map { $0.result }
        #expect(history.filter { $0 == .succeeded }.count == 2)
        #expect(try await holder.currentLock() == nil)
    }
}
