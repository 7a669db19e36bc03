import Foundation
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import SwitchboardCLI

/// Secret values a buggy planner might leave in a sensitive field; they must never be rendered.
private let secrets = ["s3cr3t-auth-token", "4321-pin", "old-s3cr3t"]

/// A plan with every action, a sensitive field (with values forced in after init), a forced replacement,
/// findings of every severity but error, a plan-wide finding and one on an unchanged resource.
private func samplePlan() -> Plan {
    let monthly = Finding(
        code: "billing.whatsapp-monthly", severity: .billing,
        message: "creating this WhatsApp integration starts a monthly charge at once, whether or not it is used",
        address: Address(.integration, "support-whatsapp"))
    let certificate = Finding(
        code: "expiry.whatsapp-certificate", severity: .warning,
        message: "the certificate lapses within 24 hours; apply soon or issue a new one",
        address: Address(.integration, "support-whatsapp"))
    let irreversible = Finding(
        code: "irreversible.whatsapp-number", severity: .irreversible,
        message: "+14155550100 can never go back to the WhatsApp Business app", address: Address(.number, "support-1"))
    let destructive = Finding(
        code: "destructive.twilio-sms-delete", severity: .destructive,
        message: "deleting this integration removes +14155550111 and +14155550112 from the inventory",
        address: Address(.integration, "legacy-sms"))
    let dormant = Finding(
        code: "expiry.whatsapp-activation", severity: .warning,
        message: "this integration is not active 30 days after creation and will be removed by the platform",
        address: Address(.integration, "dormant"))

    var pin = FieldChange(path: "onboarding.pin", before: nil, after: nil, sensitive: true)
    pin.after = .string(secrets[1])
    var token = FieldChange(path: "credentials.authToken", before: nil, after: nil, sensitive: true)
    token.before = .string(secrets[2])
    token.after = .string(secrets[0])

    let changes = [
        PlannedChange(
            address: Address(.workstream, "support"), platform: "dynamics", action: .noop, order: 0,
            fields: [FieldChange(path: "ignored", before: "x", after: "x")]),
        PlannedChange(
            address: Address(.integration, "dormant"), platform: "genesys", action: .noop, order: 0,
            findings: [dormant]),
        PlannedChange(
            address: Address(.number, "support-1"), platform: "genesys", action: .update, order: 3,
            dependsOn: [Address(.integration, "support-whatsapp")],
            fields: [
                FieldChange(path: "label", before: "Support line", after: "Support line (US)"),
                FieldChange(path: "tags", before: ["a"], after: nil),
            ],
            findings: [irreversible]),
        PlannedChange(
            address: Address(.contentProfile, "default"), platform: "genesys", action: .create, order: 1,
            fields: [FieldChange(path: "name", before: nil, after: "Default profile")]),
        PlannedChange(
            address: Address(.integration, "support-whatsapp"), platform: "genesys", action: .create, order: 2,
            dependsOn: [Address(.contentProfile, "default")],
            fields: [
                FieldChange(path: "phoneNumber", before: nil, after: "+14155550100"),
                FieldChange(path: "limits", before: nil, after: ["daily": 1000, "enabled": true]),
                pin,
            ],
            findings: [monthly, certificate],
            fingerprints: ["onboarding.pin": "hmac-sha256:aaaa"]),
        PlannedChange(
            address: Address(.integration, "sms"), platform: "twilio", action: .replace, order: 4,
            fields: [
                FieldChange(
                    path: "accountSid", before: "AC00000000000000000000000000000001",
                    after: "AC00000000000000000000000000000002", forcesReplacement: true),
                token,
            ],
            fingerprints: ["credentials.authToken": "hmac-sha256:bbbb"],
            prior: ResourceState(
                kind: .integration, name: "sms", platform: "twilio", remoteId: "r-1", status: .active,
                fingerprints: ["credentials.authToken": "hmac-sha256:cccc"])),
        PlannedChange(
            address: Address(.integration, "legacy-sms"), platform: "twilio", action: .delete, order: 5,
            findings: [destructive]),
    ]
    return Plan(
        lineage: "5b0e6f0e-1c1a-4d1f-9d55-0f5f1f3c2a10", serial: 7, changes: changes,
        findings: [monthly, certificate, irreversible, destructive, dormant],
        manifestDigest: "sha256:1111", commit: "0123456789abcdef0123456789abcdef01234567", directory: "manifests",
        project: Fixtures.implicitProject, createdAt: "2025-01-02T03:04:05Z", checksum: "sha256:2222")
}

private func emptyPlan(findings: [Finding] = []) -> Plan {
    Plan(
        lineage: "l", serial: 1,
        changes: [PlannedChange(address: Address(.number, "a"), platform: "genesys", action: .noop, order: 0)],
        findings: findings, manifestDigest: "sha256:0", directory: "manifests", project: Fixtures.implicitProject,
        createdAt: "2025-01-02T03:04:05Z")
}

@Suite struct PlanRendererTests {
    @Test func textMatchesGolden() {
        Golden.expect(PlanRenderer.text(samplePlan(), color: false), matches: "plan.txt")
    }

    @Test func jsonMatchesGolden() {
        Golden.expect(PlanRenderer.json(samplePlan()), matches: "plan.json")
    }

    @Test func sensitiveValuesNeverAppear() {
        let outputs = [
            PlanRenderer.text(samplePlan(), color: false), PlanRenderer.text(samplePlan(), color: true),
            PlanRenderer.json(samplePlan()),
        ]
        for output in outputs {
            for secret in secrets {
                #expect(!output.contains(secret), "a secret leaked into the rendered plan")
            }
        }
        #expect(outputs[0].contains("onboarding.pin = (sensitive value)"))
        #expect(outputs[0].contains("credentials.authToken: (sensitive value) -> (sensitive value)"))
        #expect(outputs[2].contains("\"before\": \"(sensitive)\""))
    }

    @Test func textUsesTerraformSymbolsAndSkipsNoop() {
        let text = PlanRenderer.text(samplePlan(), color: false)
        #expect(text.contains("\n  + ContentProfile/default (genesys)\n      name = \"Default profile\"\n"))
        #expect(
            text.contains("\n  ~ Number/support-1 (genesys)\n      label: \"Support line\" -> \"Support line (US)\"\n"))
        #expect(text.contains("\n-/+ Integration/sms (twilio)\n"))
        #expect(
            text.contains(
                #"accountSid: "AC00000000000000000000000000000001" -> "AC00000000000000000000000000000002""#
                    + " # forces replacement"))
        #expect(text.contains("\n  - Integration/legacy-sms (twilio)\n"))
        #expect(text.contains("      ! billing.whatsapp-monthly: creating this WhatsApp integration"))
        #expect(!text.contains("Workstream/support"))
        #expect(text.contains("! expiry.whatsapp-activation (Integration/dormant): "))
        #expect(text.contains("\nPlan: 2 to create, 1 to update, 1 to replace, 1 to delete.\n"))
        #expect(
            text.hasSuffix(
                "Findings: 1 billing, 1 irreversible, 1 destructive, 2 warnings.\n" + PlanRenderer.storedComparison
                    + "\n"))
        #expect(!text.contains("\u{1B}["))
    }

    @Test func changesAppearInExecutionOrder() throws {
        let text = PlanRenderer.text(samplePlan(), color: false)
        let order = [
            "ContentProfile/default", "Integration/support-whatsapp", "Number/support-1", "Integration/sms (",
            "Integration/legacy-sms",
        ]
        let positions = try order.map { try #require(text.range(of: $0)).lowerBound }
        #expect(positions == positions.sorted())
    }

    @Test func colorOnlyWhenAsked() {
        let colored = PlanRenderer.text(samplePlan(), color: true)
        #expect(colored.contains("\u{1B}[32m  +\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[31m-/+\u{1B}[0m"))
    }

    @Test func jsonFollowsTheContract() {
        let json = PlanRenderer.json(samplePlan())
        #expect(
            json.hasPrefix(
                """
                {
                  "format": 1,
                  "lineage": "5b0e6f0e-1c1a-4d1f-9d55-0f5f1f3c2a10",
                  "serial": 7,
                  "summary": {
                    "create": 2,
                    "import": 0,
                    "update": 1,
                    "replace": 1,
                    "delete": 1,
                    "move": 0,
                    "noop": 2
                  },
                """))
        // A noop change is listed with no fields, even when the planner attached some.
        #expect(
            json.contains(
                """
                      "address": "Workstream/support",
                      "kind": "Workstream",
                      "name": "support",
                      "platform": "dynamics",
                      "action": "noop",
                      "order": 0,
                      "dependsOn": [],
                      "fields": [],
                """))
        // A created field has a null before; a sensitive created field too.
        #expect(
            json.contains(
                """
                          "path": "onboarding.pin",
                          "before": null,
                          "after": "(sensitive)",
                          "sensitive": true,
                          "forcesReplacement": false
                """))
        #expect(
            json.contains(
                """
                          "path": "tags",
                          "before": [
                            "a"
                          ],
                          "after": null,
                """))
        #expect(json.contains("\"dependsOn\": [\n        \"ContentProfile/default\"\n      ],"))
        #expect(
            json.hasSuffix(
                """
                  "manifestDigest": "sha256:1111",
                  "commit": "0123456789abcdef0123456789abcdef01234567",
                  "checksum": "sha256:2222"
                }

                """))
    }

    @Test func noChanges() {
        #expect(
            PlanRenderer.text(emptyPlan(), color: false)
                == "No changes: the manifests match the stored state; the platforms were not read — use --refresh\n")
        var refreshed = emptyPlan()
        refreshed.refreshed = true
        #expect(
            PlanRenderer.text(refreshed, color: false)
                == "No changes: the manifests match what the platforms hold (read with --refresh)\n")
        let withFinding = PlanRenderer.text(
            emptyPlan(findings: [
                Finding(
                    code: "expiry.whatsapp-activation", severity: .warning, message: "m",
                    address: Address(.integration, "x"))
            ]),
            color: false)
        #expect(
            withFinding == """
                No changes: the manifests match the stored state; the platforms were not read — use --refresh

                Findings:
                  ! expiry.whatsapp-activation (Integration/x): m
                Findings: 0 billing, 0 irreversible, 0 destructive, 1 warning.

                """)
    }

    /// A move names where it moved from; a re-link names what it points at anew; a dated state fact says that
    /// `--refresh` will confirm it; the JSON carries `previousAddress`, `relinks`, `refreshed` and `stateNotices`.
    @Test func movesReLinksAndStateNoticesAreShown() throws {
        var plan = emptyPlan()
        plan.changes = [
            PlannedChange(
                address: Address(.number, "main"), platform: "genesys", action: .move, order: 1,
                previousAddress: Address(.number, "old")),
            PlannedChange(address: Address(.template, "t"), platform: "dynamics", action: .replace, order: 2),
            PlannedChange(address: Address(.workstream, "w"), platform: "dynamics", action: .update, order: 3),
        ]
        plan.changes[2].relinks = [Address(.template, "t")]
        plan.stateNotices = [StateNotice(address: Address(.integration, "x"), message: "state records it as created")]
        let text = PlanRenderer.text(plan, color: false)
        #expect(text.contains(" -> move (renamed: the same object under a new address)\n"))
        #expect(text.contains("\n -> Number/main (genesys)\n      moved from Number/old (renamed: "))
        #expect(text.contains("\n  ~ Workstream/w (dynamics)\n      re-link to the new Template/t (replaced above)\n"))
        #expect(text.contains("  ? Integration/x: state records it as created; plan --refresh will confirm\n"))
        #expect(text.contains("Plan: 0 to create, 1 to update, 1 to replace, 0 to delete, 1 to move.\n"))
        #expect(text.hasSuffix(PlanRenderer.storedComparison + "\n"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(PlanRenderer.json(plan).utf8)) as? [String: Any])
        let changes = try #require(json["changes"] as? [[String: Any]])
        #expect(changes[0]["previousAddress"] as? String == "Number/old")
        #expect(changes[2]["relinks"] as? [String] == ["Template/t"])
        #expect(changes[1]["previousAddress"] == nil && changes[1]["relinks"] == nil)
        #expect((json["summary"] as? [String: Int])?["move"] == 1)
        #expect(json["refreshed"] as? Bool == false)
        #expect((json["stateNotices"] as? [[String: Any]])?.first?["address"] as? String == "Integration/x")
        let markdown = MarkdownPlanRenderer.render(plan)
        #expect(markdown.contains("Moved from <code>Number/old</code>"))
        #expect(markdown.contains("Re-links to the new <code>Template/t</code>"))
        #expect(markdown.contains("#### Stored state to confirm"))
    }

    @Test func errorFindingsAreCounted() {
        let tally = PlanRenderer.findingTally([
            Finding(code: "protect", severity: .error, message: "m"),
            Finding(code: "billing.usage", severity: .billing, message: "m"),
        ])
        #expect(tally == "Findings: 1 billing, 0 irreversible, 0 destructive, 0 warnings, 1 error.")
    }
}
