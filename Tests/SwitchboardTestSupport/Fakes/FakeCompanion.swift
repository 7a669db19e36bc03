import Foundation
import SwitchboardModel

/// A carrier in memory: the numbers of its accounts and where their webhooks point, logging each call into a shared
/// log (`inspect +1...`, `attach +1...`, `detach +1...`, `account AC...`) so a test sees the order of work across
/// platforms.
public actor FakeCompanion: CompanionPlatform {
    public nonisolated let name = "twilio"
    public nonisolated var type: PlatformType { .twilio }
    let log: Locked<[String]>
    var urls: [String: String]
    /// Consequences `inspect` reports for a subject (a Messaging Service setting), by subject.
    var consequences: [String: [Finding]] = [:]
    /// What `accountFindings` reports for every account (a secondary auth token).
    var accountWarnings: [Finding] = []

    /// A carrier holding the numbers of `urls` (subject to webhook); any other subject is not in the account.
    public init(log: Locked<[String]>, urls: [String: String]) {
        self.log = log
        self.urls = urls
    }

    /// Points `subject` at `url`, as someone outside Switchboard would.
    public func setURL(_ subject: String, _ url: String) { urls[subject] = url }
    /// Where `subject` points.
    public func url(_ subject: String) -> String? { urls[subject] }
    /// Makes `inspect` of `subject` report `findings`.
    public func report(_ findings: [Finding], for subject: String) { consequences[subject] = findings }
    /// Makes `accountFindings` report `findings` (with the address it is asked about).
    public func reportForAccounts(_ findings: [Finding]) { accountWarnings = findings }

    public func read(_ state: ResourceState) async throws -> RemoteObject? { nil }
    public func find(_ resource: Resource) async throws -> RemoteObject? { nil }
    public func create(_ request: PlatformRequest) async throws -> RemoteObject {
        throw PlatformError(code: "x", message: "")
    }
    public func update(_ request: PlatformRequest, remoteId: String) async throws -> RemoteObject {
        throw PlatformError(code: "x", message: "")
    }
    public func delete(_ state: ResourceState) async throws {}

    public func inspect(_ step: CompanionStep) async throws -> CompanionObservation {
        log.append("inspect \(step.subject)")
        guard let url = urls[step.subject] else {
            throw PlatformError(code: "companion.not-found", message: "\(step.subject) is not in \(step.account)")
        }
        return CompanionObservation(
            remoteId: "PN-" + step.subject, current: ["smsUrl": .string(url)], attached: url == step.value,
            findings: consequences[step.subject] ?? [])
    }

    public func attach(_ step: CompanionStep) async throws {
        log.append("attach \(step.subject)")
        urls[step.subject] = step.value
    }

    public func detach(_ step: CompanionStep, previous: [String: Value]) async throws {
        log.append("detach \(step.subject)")
        urls[step.subject] = previous["smsUrl"]?.stringValue ?? ""
    }

    public func accountFindings(account: String, address: Address) async throws -> [Finding] {
        log.append("account \(account)")
        return accountWarnings.map {
            var f = $0
            f.address = address
            return f
        }
    }

    public nonisolated func acting(for account: String, credential: String) -> any CompanionPlatform { self }
}
