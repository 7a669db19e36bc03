import Foundation
import SwitchboardCLI
import SwitchboardModel
import Testing

@Suite struct MarkdownPlanRendererTests {
    @Test func mixedPlanMatchesGolden() throws {
        try Golden.check(MarkdownPlanRenderer.render(PlanFixtures.mixed), "plan-mixed.md")
    }

    @Test func emptyPlanMatchesGolden() throws {
        var plan = PlanFixtures.mixed
        plan.changes = plan.changes.map {
            var c = $0
            c.action = .noop
            c.fields = []
            c.findings = []
            return c
        }
        plan.findings = []
        plan.commit = nil
        try Golden.check(MarkdownPlanRenderer.render(plan), "plan-empty.md")
    }

    @Test func attentionComesBeforeWarningsAndDetails() throws {
        let text = MarkdownPlanRenderer.render(PlanFixtures.mixed)
        let attention = try #require(text.range(of: "#### Needs attention"))
        let warnings = try #require(text.range(of: "#### Warnings"))
        let details = try #require(text.range(of: "<details>"))
        let summary = try #require(text.range(of: "| change | count |"))
        #expect(summary.lowerBound < attention.lowerBound)
        #expect(attention.lowerBound < warnings.lowerBound)
        #expect(warnings.lowerBound < details.lowerBound)
        // Most serious first: billing, then irreversible, then destructive.
        let billing = try #require(text.range(of: "**billing** <code>Integration/support-whatsapp</code>"))
        let irreversible = try #require(text.range(of: "**irreversible**"))
        let destructive = try #require(text.range(of: "**destructive**"))
        #expect(billing.lowerBound < irreversible.lowerBound && irreversible.lowerBound < destructive.lowerBound)
        #expect(
            text.hasPrefix(
                MarkdownPlanRenderer.marker
                    + "\n### Switchboard plan: 1 to create, 2 to update, 1 to replace, 1 to delete\n"))
    }

    @Test func sensitiveValuesNeverAppear() {
        var plan = PlanFixtures.mixed
        // Even a change that (wrongly) carries values for a sensitive field must not show them.
        plan.changes[1].fields[2].before = "pin-one-4711"
        plan.changes[1].fields[2].after = "pin-two-4712"
        let text = MarkdownPlanRenderer.render(plan)
        #expect(!text.contains("pin-one-4711"))
        #expect(!text.contains("pin-two-4712"))
        #expect(text.contains("| <code>onboarding.pin</code> |  | (sensitive) |"))
    }

    @Test func markupInValuesIsEscaped() {
        let text = MarkdownPlanRenderer.render(PlanFixtures.mixed)
        #expect(!text.contains("<b>Hi</b>"))
        #expect(text.contains("&lt;b&gt;Hi&lt;/b&gt; &amp; &#42;bye&#42; &#96;x&#96;"))
        #expect(!text.contains("a | b"))
        #expect(text.contains("a &#124; b"))
        // A newline inside a value never breaks the table row.
        for line in text.split(separator: "\n") where line.hasPrefix("| <code>body</code>") {
            #expect(line.hasSuffix("|"))
        }
    }

    @Test func errorsAreAnnounced() {
        var plan = PlanFixtures.mixed
        let error = Finding(
            code: "protect", severity: .error, message: "Integration/byo-twilio-sms is protected",
            address: PlanFixtures.sms)
        plan.findings.append(error)
        let text = MarkdownPlanRenderer.render(plan)
        #expect(text.contains("**This plan has errors"))
        let errorLine = text.range(of: "- **error** <code>Integration/byo-twilio-sms</code> (<code>protect</code>)")
        let billingLine = text.range(of: "- **billing**")
        #expect(errorLine != nil && billingLine != nil)
        if let errorLine, let billingLine { #expect(errorLine.lowerBound < billingLine.lowerBound) }
    }

    @Test func tenThousandChangesFitOneComment() throws {
        let plan = PlanFixtures.large(10_000)
        let text = MarkdownPlanRenderer.render(plan)
        #expect(text.utf8.count <= 60_000)
        #expect(text.utf8.count > 1_000)
        // Every attention finding is named (11 billing and 4 destructive fit easily).
        for f in plan.findings {
            #expect(text.contains("<code>\(f.address?.description ?? "")</code> (<code>\(f.code)</code>)"))
        }
        #expect(text.contains("| Number | 3334 | 1667 | 1667 | 1666 | 0 | 1666 |"))
        #expect(text.contains("| Integration | 1 | 0 | 0 | 0 | 0 | 0 |"))
        #expect(text.contains("The full plan is in the saved plan file"))
        #expect(!text.contains("secret-"))
        #expect(text.hasSuffix("</sub>\n"))
        try Golden.check(text, "plan-10000.md")
    }

    @Test(arguments: [200, 700, 1_500, 3_000, 6_000, 20_000, 60_000])
    func neverExceedsTheLimit(limit: Int) {
        var plan = PlanFixtures.large(3_000)
        // Many attention findings, so even the attention list has to be shortened.
        plan.findings = plan.changes.map {
            Finding(code: "billing.usage", severity: .billing, message: "billed per message", address: $0.address)
        }
        let text = MarkdownPlanRenderer.render(plan, limit: limit)
        #expect(text.utf8.count <= limit)
        #expect(!text.isEmpty)
        if limit >= 1_500 {
            #expect(text.contains(" more; see the full plan."))
            #expect(text.contains("| kind | create | update | replace | delete | move | unchanged |"))
        }
    }

    @Test func midSizedPlanKeepsOneLinePerChange() {
        let plan = PlanFixtures.large(300)
        let text = MarkdownPlanRenderer.render(plan, limit: 60_000)
        #expect(text.utf8.count <= 60_000)
        #expect(!text.contains("<details>"))
        #expect(text.contains("- <code>+ Number/line-0</code> (genesys) — create; 1 finding (billing)"))
        #expect(text.contains("- <code>- Number/line-298</code> (genesys) — delete"))
        #expect(text.contains("The full plan is in the saved plan file"))
    }
}

/// The plan of an adoption (`plan --refresh` with state lost) in text and Markdown: imports counted in the heading and
/// the summary, shown with `<=`, and each import saying which object it adopts.
@Suite struct ImportRenderingTests {
    static var plan: Plan {
        var plan = PlanFixtures.mixed
        plan.findings = []
        plan.changes = plan.changes.map {
            var c = $0
            c.findings = []
            c.action = .import
            c.prior = ResourceState(
                kind: c.address.kind, name: c.address.name, platform: c.platform, remoteId: "found-\(c.address.name)",
                status: .active)
            c.fields = c.address == PlanFixtures.profile
                ? [FieldChange(path: "inbound", before: ["image/png"], after: ["image/png", "image/jpeg"])] : []
            return c
        }
        return plan
    }

    @Test func importsAreCountedAndSayWhatTheyAdopt() throws {
        let text = MarkdownPlanRenderer.render(Self.plan)
        let count = Self.plan.changes.count
        #expect(text.contains("### Switchboard plan: 0 to create, 0 to update, 0 to replace, 0 to delete, \(count) to import"))
        #expect(text.contains("| import | \(count) |"))
        #expect(text.contains("<code>&lt;= ContentProfile/sms-media</code> (genesys) — import"))
        #expect(text.contains("Adopts the existing object <code>found-sms-media</code> (active): nothing is created; "
            + "the fields below are then updated to match."))
        #expect(text.contains("Adopts the existing object <code>found-sf-store</code> (active): nothing is created."))
    }

    @Test func textShowsImportsWithTheirSymbolAndCount() {
        let text = PlanRenderer.text(Self.plan, color: false)
        #expect(text.contains(" <= import (adopt an existing object, then update what differs)\n"))
        #expect(
            text.contains(
                " <= ContentProfile/sms-media (genesys)\n      adopts the existing found-sms-media (active); nothing is "
                    + "created\n      inbound: [\"image/png\"] -> "))
        #expect(text.contains("Plan: 0 to create, 0 to update, 0 to replace, 0 to delete, \(Self.plan.changes.count) to import."))
        #expect(PlanRenderer.json(Self.plan).contains("\"import\": \(Self.plan.changes.count),"))
    }

    @Test func aPlanWithoutImportsHasNoImportColumn() {
        let text = MarkdownPlanRenderer.render(PlanFixtures.mixed)
        #expect(!text.contains("| import |") && !text.contains("to import"))
    }
}
