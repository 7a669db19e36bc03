import Dynamics365
import Foundation
import PlatformKit
import Reconciler
import Sandbox
import SwitchboardModel
import SwitchboardTestSupport
import Testing

/// `list(kind:)` on the Dynamics 365 adapter through the Dataverse emulator: paged (two rows a page here), carrying
/// what a read carries, and refresh by listing.
@Suite struct DynamicsListingTests {
    @Test func aListingCarriesWhatAReadCarriesPageByPage() async throws {
        let fx = try DynamicsFixture(pageSize: 2)
        let states = try await fx.applyAll()
        for (address, state) in states where address.kind != .workstream {
            let listed = try await fx.platform.list(kind: address.kind)
            let object = try #require(listed.first { $0.remoteId == state.remoteId }, "\(address)")
            let read = try #require(try await fx.platform.read(state))
            #expect(object.name == address.name, "\(address)")
            #expect(object.status == read.status, "\(address)")
            for (key, value) in object.attributes where key != Field.localizations.path {
                #expect(read.attributes[key] == value, "\(address) \(key)")
            }
            // A listing's localizations carry every spelling of each language, the read's among them.
            for (tag, text) in read.attributes[.localizations]?.objectValue ?? [:] {
                #expect(object.attributes[.localizations]?[tag] == text, "\(address) \(tag)")
            }
        }
        #expect(try await fx.platform.list(kind: .contentProfile).isEmpty)
        // A workstream's settings are judged against state: read one at a time.
        let e = await #expect(throws: PlatformError.self) { _ = try await fx.platform.list(kind: .workstream) }
        #expect(e?.code == PlatformError.listUnsupportedCode)
    }

    @Test func refreshReadsEachTableOnceForManyRows() async throws {
        let fx = try DynamicsFixture()
        var snapshot = StateSnapshot(lineage: "listing")
        for (address, state) in try await fx.applyAll() { snapshot[address] = state }
        for i in 0..<30 {
            let t = DynamicsFixture.template("t\(i)", english: "Order {{1}} shipped \(i).")
            snapshot[t.address] = DynamicsFixture.state(t, try await fx.platform.create(PlatformRequest(resource: t)))
        }
        let before = await fx.emulator.stats.requests
        let (_, drift) = try await Refresher(platforms: ["dynamics": fx.platform]).refresh(snapshot)
        let requests = await fx.emulator.stats.requests - before
        #expect(drift.isEmpty)
        // A text changed in Dynamics under a language the manifest spells short ("en" for en-US) is drift all the same.
        var spelled = try #require(snapshot[Address(.template, "t0")])
        spelled.attributes[.localizations] = ["en": "Order {{1}} shipped 0.", "es_MX": "Pedido {{1}} enviado."]
        snapshot[spelled.address] = spelled
        let rows = try await fx.world().localizations.values.filter {
            $0.msdyn_systemmessageid == spelled.remoteId && $0.msdyn_languagecode == 1033
        }
        let row = try #require(rows.first)
        try await fx.store.transact { w, _ in
            w.dynamics["dynamics"]?.localizations[row.msdyn_oclocalizationdataid]?.msdyn_localizedtext = "Shipped."
        }
        let (_, changed) = try await Refresher(platforms: ["dynamics": fx.platform]).refresh(snapshot)
        #expect(changed.map(\.address) == [spelled.address])
        #expect(changed.first?.fields.map(\.path) == ["localizations.en"])
        // Table listings and a read of the workstream (three requests), never a read per template.
        #expect(requests <= 15, "\(requests) requests for \(snapshot.resources.count) objects")
    }
}
