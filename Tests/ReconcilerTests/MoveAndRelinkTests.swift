import Foundation
import SwitchboardModel
import SwitchboardTestSupport
import SwitchboardWorkspace
import Testing

@testable import Reconciler

/// Renames are moves (DESIGN.md section 5), replacements re-link their dependents, and a plain plan notes dated state
/// facts it cannot confirm: at the planner and the applier.
@Suite struct MoveAndRelinkTests {
    let fingerprinter = Fingerprinter(lineage: "test-lineage")

    /// State as if `resources` had been applied (each active, with remote id `r-NAME`).
    func applied(_ resources: [Resource], status: ResourceStatus = .active, createdAt: String = "2027-01-15T08:00:00Z")
        -> StateSnapshot
    {
        var state = StateSnapshot(lineage: "test-lineage")
        for r in resources {
            state[r.address] = StateKeeper.resourceState(
                r, remote: RemoteObject(remoteId: "r-\(r.name)", status: status), fingerprints: [:], prior: nil,
                now: createdAt)
        }
        return state
    }

    func renamed(_ r: Resource, _ name: String) -> Resource {
        var copy = r
        copy.address = Address(r.kind, name)
        return copy
    }

    // MARK: - Moves

    @Test func aRenamedNumberIsAMoveWithItsPreviousAddress() throws {
        let sms = Fixtures.sms("sms")
        let old = Fixtures.number("old", integration: "sms", phone: "+14155550101")
        let plan = Fixtures.plan([sms, renamed(old, "new")], state: applied([sms, old]))
        let move = try #require(plan.changes.first { $0.address == Address(.number, "new") })
        #expect(move.action == .move)
        #expect(move.previousAddress == Address(.number, "old"))
        #expect(move.prior?.remoteId == "r-old")
        #expect(move.fields.isEmpty)
        #expect(!plan.changes.contains { $0.address == Address(.number, "old") })
        #expect(plan.summary.move == 1 && plan.summary.create == 0 && plan.summary.delete == 0)
    }

    @Test func renamingAnIntegrationMovesItAndItsNumbersOnlyUpdateTheName() throws {
        let sms = Fixtures.sms("sms")
        let numbers = [
            Fixtures.number("a", integration: "sms", phone: "+14155550101"),
            Fixtures.number("b", integration: "sms", phone: "+14155550102"),
        ]
        let desired = [renamed(sms, "texting")] + numbers.map { Fixtures.number($0.name, integration: "texting",
            phone: $0.attributes[.phoneNumber]?.stringValue ?? "") }
        let plan = Fixtures.plan(desired, state: applied([sms] + numbers))
        #expect(plan.changes.first { $0.address.name == "texting" }?.action == .move)
        for name in ["a", "b"] {
            let change = try #require(plan.changes.first { $0.address.name == name })
            #expect(change.action == .update)
            #expect(change.fields == [FieldChange(path: "integration", before: "sms", after: "texting")])
            #expect(change.dependsOn == [Address(.integration, "texting")])
        }
        #expect(!plan.findings.contains { $0.code == "destructive.twilio-sms-delete" })
    }

    @Test func aRenameThatAlsoChangesAFixedFieldIsADeleteAndACreate() {
        let sms = Fixtures.sms("sms")
        let old = Fixtures.number("old", integration: "sms", phone: "+14155550101")
        var moved = renamed(old, "new")
        moved.spec = .number(NumberSpec(integration: "sms", type: .mobile, phoneNumber: "+14155550101", country: "US"))
        let plan = Fixtures.plan([sms, moved], state: applied([sms, old]))
        #expect(plan.changes.first { $0.address.name == "new" }?.action == .create)
        #expect(plan.changes.first { $0.address.name == "old" }?.action == .delete)
    }

    @Test func anAmbiguousOrNamedKeyIsNoMove() {
        let sms = Fixtures.sms("sms")
        let old = Fixtures.number("old", integration: "sms", phone: "+14155550101")
        // Two new resources claim one number: neither is a move.
        let twice = Fixtures.plan(
            [sms, renamed(old, "x"), renamed(old, "y")], state: applied([sms, old]))
        #expect(twice.summary.move == 0 && twice.summary.delete == 1)
        // A content profile is known by its name: renaming it is a delete and a create.
        let profile = Fixtures.profile("media")
        let byName = Fixtures.plan([renamed(profile, "pictures")], state: applied([profile]))
        #expect(byName.summary.move == 0 && byName.summary.create == 1 && byName.summary.delete == 1)
    }

    @Test func applyingAMoveUpdatesTheObjectAndMovesState() async throws {
        let sms = Fixtures.sms("sms")
        let old = Fixtures.number("old", integration: "sms", phone: "+14155550101")
        let platform = FakePlatform()
        let store = MemoryStateStore()
        let fp = [sms.address: [Field.authToken.path: fingerprinter.fingerprint("value-of-TWILIO_AUTH_TOKEN")]]
        var applier = applier(Fixtures.plan([sms, old], fingerprints: fp), platform, store)
        let first = try await applier.run(state: try await store.load())
        let desired = [sms, renamed(old, "new")]
        applier.plan = Fixtures.plan(desired, state: first.state, fingerprints: fp)
        let result = try await applier.run(state: first.state)
        #expect(result.result == .succeeded)
        #expect(await platform.calls.filter { $0.hasSuffix("Number/new") } == ["update Number/new"])
        #expect(await platform.updates[Address(.number, "new")]?.priorName == "old")
        #expect(result.state[Address(.number, "old")] == nil)
        #expect(result.state[Address(.number, "new")]?.remoteId == first.state[Address(.number, "old")]?.remoteId)
        #expect(result.state.intents.isEmpty)
        #expect(Fixtures.plan(desired, state: result.state, fingerprints: fp).summary.isEmpty)
    }

    // MARK: - Re-links

    @Test func replacingATemplateReLinksItsWorkstream() throws {
        let base = [
            Fixtures.twilioWhatsApp("wa"), Fixtures.whatsAppNumber("n", integration: "wa", phone: "+14155550101"),
            Fixtures.template("shipped"), Fixtures.workstream("ws", numbers: ["n"], templates: ["shipped"]),
        ]
        var desired = base
        desired[2] = Fixtures.template("shipped", text: "Order {{1}} is on its way.")
        let plan = Fixtures.plan(desired, state: applied(base))
        #expect(plan.changes.first { $0.address.name == "shipped" }?.action == .replace)
        let ws = try #require(plan.changes.first { $0.address.name == "ws" })
        #expect(ws.action == .update)
        #expect(ws.relinks == [Address(.template, "shipped")])
        #expect(ws.fields.isEmpty)
        #expect(ws.dependsOn.contains(Address(.template, "shipped")))
        #expect(plan.changes.map(\.address.name).firstIndex(of: "shipped")! < plan.changes.map(\.address.name)
            .firstIndex(of: "ws")!)
    }

    /// A Dynamics 365 number row holds its workstream (the descriptor's `listedBy`): a replaced number binds the
    /// workstream itself when it is created again, so the workstream needs no re-link of its own.
    @Test func replacingAnAccountReplacesItsNumbersWhichBindTheirWorkstreamAgain() throws {
        let base = [
            Fixtures.twilioWhatsApp("wa"), Fixtures.whatsAppNumber("n", integration: "wa", phone: "+14155550101"),
            Fixtures.workstream("ws", numbers: ["n"], templates: []),
        ]
        var desired = base
        desired[0] = Fixtures.twilioWhatsApp("wa", sid: "AC" + String(repeating: "c", count: 32))
        let plan = Fixtures.plan(desired, state: applied(base))
        #expect(plan.changes.first { $0.address.name == "n" }?.action == .replace)
        let ws = try #require(plan.changes.first { $0.address.name == "ws" })
        #expect(ws.action == .noop && ws.relinks.isEmpty)
    }

    @Test func aReLinkSendsTheReferenceFieldToThePlatform() async throws {
        let base = [Fixtures.template("shipped"), Fixtures.workstream("ws", numbers: [], templates: ["shipped"])]
        let platform = FakePlatform(name: "dynamics", type: .dynamics365)
        let store = MemoryStateStore()
        var applier = applier(Fixtures.plan(base), platform, store, connection: "dynamics")
        let first = try await applier.run(state: try await store.load())
        let desired = [Fixtures.template("shipped", text: "New {{1}}."), base[1]]
        applier.plan = Fixtures.plan(desired, state: first.state)
        let result = try await applier.run(state: first.state)
        #expect(result.result == .succeeded)
        #expect(await platform.updates[Address(.workstream, "ws")]?.paths == [Field.templates.path])
        #expect(Fixtures.plan(desired, state: result.state).summary.isEmpty)
    }

    // MARK: - Dated state facts

    @Test func aPlainPlanNotesANeverActivatedIntegrationPastItsRemoval() throws {
        let wa = Fixtures.whatsapp("wa")
        var state = applied([wa], status: .incomplete, createdAt: "2026-11-01T00:00:00Z")
        state[wa.address]?.activatedAt = nil
        var desired = wa
        desired.spec = .integration(.whatsapp(WhatsAppIntegration(
            phoneNumber: "+14155550100", onboarding: .embeddedSignup(token: Fixtures.token, pin: Fixtures.pin),
            enabled: false)))
        let plain = Fixtures.plan([desired], state: state)
        let notice = try #require(plain.stateNotices.first)
        #expect(notice.address == wa.address)
        #expect(notice.message.contains("2026-12-01T00:00:00Z"))
        #expect(Fixtures.plan([desired], state: state, refreshed: true).stateNotices.isEmpty)
        #expect(Fixtures.plan([desired], state: applied([wa], status: .incomplete, createdAt: "2027-01-10T00:00:00Z"))
            .stateNotices.isEmpty)
    }

    // MARK: - Helpers

    func applier(_ plan: Plan, _ platform: FakePlatform, _ store: MemoryStateStore, connection: String = "genesys")
        -> Applier
    {
        Applier(
            plan: plan, platforms: [connection: platform], rules: PlatformRegistry.rules, store: store,
            secretValue: { ref in if case .env(let n) = ref.source { return "value-of-\(n)" } else { return "" } },
            fingerprinter: fingerprinter,
            options: ApplyOptions(acceptance: .init(billing: true, irreversible: true, destructive: true)))
    }
}

extension Fixtures {
    /// The plan of `resources` under the registry's rules at `now`, plain or refreshed.
    static func plan(_ resources: [Resource], state: StateSnapshot, refreshed: Bool) -> Plan {
        plan(resources, state: state, rules: PlatformRegistry.rules, refreshed: refreshed)
    }
}
