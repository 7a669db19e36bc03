import Foundation
import Sandbox
import SwitchboardTestSupport
import Testing
@testable import SwitchboardCLI

/// No charge without a finding (DESIGN.md 5.1): every kind of event the sandbox's ledger can record (`LedgerEvent`)
/// is caused here by an apply, and the plan that apply ran had a billing finding on the change that caused it.
@Suite struct LedgerFindingsTests {
    typealias M = ManifestDocuments

    let environment = [
        "META_SIGNUP_TOKEN": "signup-token-value-123", "WHATSAPP_PIN": "246810", "WHATSAPP_CERT": "cert-value-456",
        "SWITCHBOARD_SANDBOX_SPEED": "instant", "SWITCHBOARD_SANDBOX_NOW": "2026-11-20T09:00:00Z",
    ]

    /// The manifests of each step; each step's apply must cause the ledger events it lists.
    static let steps: [(manifests: String, events: Set<LedgerEvent>)] = [
        (
            M.join([
                M.whatsApp("wa", phone: "+14155550101"),
                M.certificateWhatsApp("legacy", issued: "2026-11-19", phone: "+14155550102"),
                M.agentlessEmail("mail"), M.whatsAppTemplate("alerts", agentless: true),
            ]),
            [.whatsAppActivated, .whatsAppCreated, .agentlessEmail]
        ),
        (
            M.join([
                M.certificateWhatsApp("legacy", issued: "2026-11-19", phone: "+14155550102"),
                M.agentlessEmail("mail"), M.whatsAppTemplate("alerts", agentless: true),
            ]),
            [.whatsAppDeleted]
        ),
    ]

    func run(_ args: [String]) async -> (Int32, Console) {
        let console = Console.capturing()
        return (await SwitchboardCLI.run(args, environment: environment, console: console), console)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Remote id to address, from state.json.
    func addresses(_ dir: TemporaryDirectory) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: dir.path(".switchboard/state.json")) else { return [:] }
        let resources = try json(String(decoding: data, as: UTF8.self))["resources"] as? [String: [String: Any]] ?? [:]
        var out: [String: String] = [:]
        for (address, r) in resources { if let id = r["remoteId"] as? String { out[id] = address } }
        return out
    }

    @Test func everyLedgerEventIsAnnouncedByABillingFinding() async throws {
        let dir = try TemporaryDirectory("ledger-findings")
        var seen: Set<LedgerEvent> = []
        var ledgerCount = 0
        for step in Self.steps {
            try dir.write("m.yaml", step.manifests)
            let before = try addresses(dir)
            let (planCode, plan) = await run(["plan", dir.path, "--format", "json"])
            #expect(planCode == 0, "\(plan.capturedError)")
            var billed: Set<String> = []
            for change in try json(plan.capturedOutput)["changes"] as? [[String: Any]] ?? [] {
                let findings = change["findings"] as? [[String: Any]] ?? []
                if findings.contains(where: { $0["severity"] as? String == "billing" }),
                    let address = change["address"] as? String
                {
                    billed.insert(address)
                }
            }
            let (applyCode, apply) = await run(["apply", dir.path, "--auto-approve", "--accept-billing", "--accept-irreversible"])
            #expect(applyCode == 0, "\(apply.capturedOutput)\(apply.capturedError)")
            let ids = before.merging(try addresses(dir)) { a, _ in a }
            let (_, ledger) = await run(["sandbox", "ledger", dir.path, "--format", "json"])
            let entries = try json(ledger.capturedOutput)["ledger"] as? [[String: Any]] ?? []
            var stepEvents: Set<LedgerEvent> = []
            for entry in entries.dropFirst(ledgerCount) {
                let name = entry["event"] as? String ?? ""
                let event = try #require(LedgerEvent(rawValue: name), "the ledger recorded an unknown event \(name)")
                stepEvents.insert(event)
                let object = entry["objectId"] as? String ?? ""
                let address = try #require(ids[object], "no resource has remote id \(object) (\(name))")
                #expect(billed.contains(address), "\(name) on \(address) was charged without a billing finding")
            }
            ledgerCount = entries.count
            #expect(stepEvents == step.events)
            seen.formUnion(stepEvents)
        }
        #expect(seen == Set(LedgerEvent.allCases), "a ledger event type has no scenario here")
    }
}
