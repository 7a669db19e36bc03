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
            for (key, value) in object.attributes { #expect(read.attributes[key] == value, "\(address) \(key)") }
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
        // Table listings and a read of the workstream (three requests), never a read per template.
        #expect(requests <= 15, "\(requests) requests for \(snapshot.resources.count) objects")
    }
}
