import Foundation
import SwitchboardTestSupport
import Testing
@testable import SwitchboardCLI

/// Every apply leaves a history record an auditor can read: who, when, from which plan, with what acceptances
/// and which outcome per change; successful, failed and refused applies alike.
@Suite struct HistoryRecordTests {
    static func manifests(numberSuffix: String) -> String {
        """
        apiVersion: switchboard/v1
        kind: Integration
        metadata: {name: sms}
        spec: {type: twilio-sms, accountSid: AC0123456789abcdef0123456789abcdef, authToken: {secretEnv: TWILIO_AUTH_TOKEN}, region: us-east-1}
        ---
        apiVersion: switchboard/v1
        kind: Number
        metadata: {name: store}
        spec: {integration: sms, type: local, phoneNumber: "+1415555\(numberSuffix)", country: US}
        ---
        apiVersion: switchboard/v1
        kind: Integration
        metadata: {name: mail}
        spec: {type: agentless-email, domain: notify.example.com, fromAddress: orders, displayName: Orders}

        """
    }

    let environment = ["TWILIO_AUTH_TOKEN": "auth-token-value-987", "SWITCHBOARD_SANDBOX_SPEED": "instant"]

    func run(_ args: [String], in dir: String) async -> (Int32, Console) {
        let console = Console.capturing()
        return (await SwitchboardCLI.run(args, environment: environment, console: console), console)
    }

    func history(_ dir: String) async throws -> [[String: Any]] {
        let (code, console) = await run(["history", "--dir", dir, "--format", "json"], in: dir)
        #expect(code == 0)
        return try #require(JSONSerialization.jsonObject(with: Data(console.capturedOutput.utf8)) as? [[String: Any]])
    }

    @Test func refusedFailedAndSucceededAppliesAreRecorded() async throws {
        let scratch = try TemporaryDirectory("history")
        let dir = scratch.path

        // Refused: billing not accepted.
        try scratch.write("m.yaml", Self.manifests(numberSuffix: "0198"))
        let (refusedCode, _) = await run(["apply", dir, "--auto-approve"], in: dir)
        #expect(refusedCode == 1)

        // Failed: the sandbox's Twilio account does not have the number (an injected fault).
        let (faultCode, _) = await run(["sandbox", "fault", "add", "not-found-at-vendor", "+14155550198", dir], in: dir)
        #expect(faultCode == 0)
        let (failedCode, failed) = await run(["apply", dir, "--auto-approve", "--accept-billing"], in: dir)
        #expect(failedCode == 1)
        #expect(failed.capturedOutput.contains("Apply failed"))

        // Succeeded: a number the account has.
        try scratch.write("m.yaml", Self.manifests(numberSuffix: "0123"))
        let (okCode, ok) = await run(["apply", dir, "--auto-approve", "--accept-billing"], in: dir)
        #expect(okCode == 0, "\(ok.capturedError)")

        let records = try await history(dir).filter { $0["event"] as? String == "apply" }
        #expect(records.map { $0["result"] as? String } == ["refused", "failed", "succeeded"])
        for r in records {
            for key in ["id", "time", "user", "host", "planChecksum", "manifestDigest", "accepted", "changes", "result"] {
                #expect(r[key] != nil, "history record lacks \(key)")
            }
        }
        #expect(records[1]["accepted"] as? [String] == ["--accept-billing", "--auto-approve"])
        let failedChanges = try #require(records[1]["changes"] as? [[String: Any]])
        let number = try #require(failedChanges.first { $0["address"] as? String == "Number/store" })
        #expect(number["outcome"] as? String == "failed")
        #expect((number["error"] as? String)?.isEmpty == false)
        let succeeded = try #require(records[2]["changes"] as? [[String: Any]])
        #expect(succeeded.contains { $0["address"] as? String == "Number/store" && $0["outcome"] as? String == "succeeded" })

        // `history show` prints one record whole, by a unique prefix of its id.
        let id = try #require(records[2]["id"] as? String)
        let (showCode, show) = await run(["history", "show", String(id.prefix(8)), "--dir", dir], in: dir)
        #expect(showCode == 0)
        #expect(show.capturedOutput.contains("Number/store  succeeded"))
        #expect(show.capturedOutput.contains("manifest digest:"))

        // No secret value in the history file.
        let raw = try #require(scratch.text(".switchboard/history.jsonl"))
        #expect(!raw.contains("auth-token-value-987"))
    }
}
