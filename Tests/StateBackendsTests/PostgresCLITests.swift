import Foundation
import Reconciler
import StateBackends
import SwitchboardModel
import Testing

/// End to end through the built `switchboard` binary: two processes applying to one PostgreSQL workspace.
@Suite struct PostgresCLITests {
    /// The built binary (`swift build` puts it beside the test bundle's products).
    static func binary() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [
            ProcessInfo.processInfo.environment["SWITCHBOARD_BINARY"],
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("switchboard").path(),
            root.appendingPathComponent(".build/debug/switchboard").path(),
        ].compactMap { $0 }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw ChildProcess.Failure(description: "switchboard binary not found in \(candidates); run swift build")
        }
        return found
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

    func directory(_ profiles: [String], workspace: String) throws -> String {
        try directory(numbers: 6, profiles, workspace: workspace)
    }

    func directory(numbers: Int, _ profiles: [String], workspace: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sb-pgcli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Self.manifests(numbers: numbers, profiles: profiles, workspace: workspace)
            .write(toFile: dir + "/m.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    func apply(_ dir: String, url: String, speed: String, extra: [String] = []) throws -> (ChildProcess, String) {
        let log = dir + "/apply-\(UUID().uuidString.prefix(6)).log"
        let child = try ChildProcess.spawn(
            "/usr/bin/env",
            ["SWITCHBOARD_DATABASE_URL=\(url)", "TWILIO_AUTH_TOKEN=pg-cli-test-token", "SWITCHBOARD_SANDBOX_SPEED=\(speed)", "NO_COLOR=1", try Self.binary(),
             "apply", dir, "--auto-approve"] + extra,
            outputPath: log)
        return (child, log)
    }

    @Test func twoAppliesOnOneWorkspaceNeverRunAtOnceAndLoseNothing() async throws {
        let url = try await PostgresTestServer.shared.url()
        let workspace = PG.workspace("cli")
        let first = try directory(["first-1"], workspace: workspace)
        let second = try directory(["first-1", "second-1"], workspace: workspace)
        defer {
            try? FileManager.default.removeItem(atPath: first)
            try? FileManager.default.removeItem(atPath: second)
        }
        // The first apply takes the lock and holds it for several seconds (six chained number imports).
        let (a, aLog) = try apply(first, url: url, speed: "standard")
        let holder = PostgresStateStore(url: url, workspace: workspace)
        let locked = await PG.eventually(30) { (try? await holder.currentLock()) != nil }
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
        let history = try await holder.history().filter { $0.event == "apply" }.map { $0.result }
        #expect(history.filter { $0 == "succeeded" }.count == 2)
        #expect(try await holder.currentLock() == nil)
    }
}
