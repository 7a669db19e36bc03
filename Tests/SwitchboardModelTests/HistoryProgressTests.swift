import Foundation
import SwitchboardModel
import Testing

/// History results and change outcomes keep their JSON spellings; outcomes recorded as they happen lay over a
/// record; a record left `running` closes as `interrupted` with what its intents prove.
@Suite struct HistoryProgressTests {
    static let a = Address(.number, "a")
    static let b = Address(.number, "b")
    static let c = Address(.number, "c")

    static func running() -> HistoryRecord {
        HistoryRecord(
            id: "r", time: "t", user: "u", host: "h",
            changes: [a, b, c].map { HistoryChange(address: $0, action: .create, outcome: .pending) },
            result: .running)
    }

    @Test func resultsAndOutcomesKeepTheirRawValues() throws {
        let results: [HistoryRecord.Result] = [.succeeded, .failed, .refused, .partial, .running, .interrupted]
        #expect(results.map(\.rawValue) == ["succeeded", "failed", "refused", "partial", "running", "interrupted"])
        let outcomes: [HistoryChange.Outcome] = [
            .succeeded, .failed, .skipped, .awaitingVerification, .notStarted, .pending, .interrupted,
        ]
        #expect(
            outcomes.map(\.rawValue)
                == [
                    "succeeded", "failed", "skipped", "awaiting-verification", "not-started", "pending", "interrupted",
                ])
        let data = try JSONEncoder().encode(results)
        #expect(try JSONDecoder().decode([HistoryRecord.Result].self, from: data) == results)
    }

    @Test func historyReadsTheLastVersionOfARecordInItsFirstPlace() {
        var r1 = Self.running()
        let r2 = HistoryRecord(id: "other", time: "t", user: "u", host: "h", result: .succeeded)
        let first = r1
        r1.result = .failed
        #expect(HistoryRecord.superseding([first, r2, r1]) == [r1, r2])
    }

    @Test func outcomesLayOverTheChangesByAddressTheLastWinning() {
        let failed = HistoryChange(address: Self.b, action: .create, outcome: .failed, error: "no")
        let record = Self.running().with(outcomes: [
            HistoryChange(address: Self.b, action: .create, outcome: .succeeded), failed,
            HistoryChange(address: Address(.number, "extra"), action: .delete, outcome: .succeeded),
        ])
        #expect(record.changes.map(\.outcome) == [.pending, .failed, .pending, .succeeded])
        #expect(record.changes[1] == failed)
        #expect(record.result == .running)
    }

    @Test func aClosedRecordTellsCompletedUnderWayAndNotStartedChanges() {
        let ours = Intent(
            address: Self.b, operation: .create, platform: "p", naturalKey: "b", startedAt: "t", applyId: "r")
        let someoneElses = Intent(
            address: Self.c, operation: .create, platform: "p", naturalKey: "c", startedAt: "t", applyId: "other")
        let closed = Self.running()
            .with(outcomes: [HistoryChange(address: Self.a, action: .create, outcome: .succeeded)])
            .closedAsInterrupted(
                intents: [Self.b.description: ours, Self.c.description: someoneElses], closedBy: "apply")
        #expect(closed.result == .interrupted)
        #expect(closed.changes.map(\.outcome) == [.succeeded, .interrupted, .notStarted])
        #expect(closed.changes[1].error?.contains("next plan reads the platform") == true)
        #expect(
            closed.message == "the apply stopped before it finished (its process ended); 1 of 3 changes "
                + "completed; closed by 'apply'")
        #expect(closed.id == "r" && closed.time == "t")
    }
}

/// Only long-lived secrets are fingerprinted: an auth token is; a WhatsApp integration's onboarding secrets never
/// are (FieldTests.resourceAttributesUseTheTableSpelling).
@Suite struct FingerprintedSecretsTests {
    @Test func authTokensAreFingerprinted() {
        let sms = Resource(
            address: Address(.integration, "sms"), platform: "genesys",
            spec: .integration(
                .twilioSMS(
                    TwilioSMSIntegration(
                        accountSid: "AC0123456789abcdef0123456789abcdef", authToken: SecretRef(.env("TOKEN")),
                        region: "us-east-1"))))
        #expect(sms.fingerprintedSecretFields == sms.secretFields)
        #expect(Array(sms.fingerprintedSecretFields.keys) == [Field.authToken.path])
    }
}
