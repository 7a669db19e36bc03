import Foundation
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@testable import StateBackends

@Suite struct StateTransferTests {
    /// A local store holding `count` saves of one lineage.
    private func local(saves count: Int, lineage: String = UUID().uuidString) async throws -> MemoryStateStore {
        let store = MemoryStateStore(name: "local")
        var snapshot = StateSnapshot(lineage: lineage)
        for index in 0..<count { snapshot = try await store.save(PG.adding("l\(index)", to: snapshot)) }
        return store
    }

    @Test func pushThenPullKeepsLineageAndSerial() async throws {
        let local = try await local(saves: 3)
        let remote = try await PG.store("push")
        let pushed = try await StateTransfer.push(local: local, remote: remote, force: false)
        #expect(pushed.written && pushed.serial == 3 && pushed.previousSerial == 0)
        let stored = try await remote.load()
        #expect(stored == (try await local.load()))

        // Same state both sides: nothing to do.
        let again = try await StateTransfer.pull(local: local, remote: remote, force: false)
        #expect(!again.written && again.serial == 3)

        // The remote moves on; pull brings the local copy up to it, serial included.
        _ = try await remote.save(PG.adding("r", to: stored))
        let pulled = try await StateTransfer.pull(local: local, remote: remote, force: false)
        #expect(pulled.written && pulled.serial == 4)
        #expect(try await local.load() == (try await remote.load()))
    }

    @Test func pushRefusesOlderSerialWithoutForce() async throws {
        let lineage = UUID().uuidString
        let remote = try await PG.store("older")
        let ahead = try await local(saves: 5, lineage: lineage)
        try await StateTransfer.push(local: ahead, remote: remote, force: false)
        let behind = try await local(saves: 2, lineage: lineage)

        let error = await #expect(throws: StateTransferError.self) {
            try await StateTransfer.push(local: behind, remote: remote, force: false)
        }
        let text = try #require(error.map(PG.message))
        #expect(text.contains("is newer (serial 5)"))
        #expect(text.contains("Use --force"))
        #expect(try await remote.load().serial == 5)

        let forced = try await StateTransfer.push(local: behind, remote: remote, force: true)
        #expect(forced.serial == 6)
        #expect(try await remote.load().resources == (try await behind.load()).resources)
    }

    @Test func pushRefusesAnotherLineageWithoutForce() async throws {
        let remote = try await PG.store("lineage")
        try await StateTransfer.push(local: try await local(saves: 1), remote: remote, force: false)
        let stranger = try await local(saves: 4)

        let error = await #expect(throws: StateTransferError.self) {
            try await StateTransfer.push(local: stranger, remote: remote, force: false)
        }
        #expect(error.map(PG.message)?.contains("holds a different state (lineage") == true)
        #expect(try await remote.load().serial == 1)

        try await StateTransfer.push(local: stranger, remote: remote, force: true)
        let replaced = try await remote.load()
        #expect(replaced.lineage == (try await stranger.load()).lineage)
        #expect(replaced.serial == 4)
    }

    @Test func pullRefusesToOverwriteNewerLocalState() async throws {
        let lineage = UUID().uuidString
        let remote = try await PG.store("pull")
        try await StateTransfer.push(local: try await local(saves: 1, lineage: lineage), remote: remote, force: false)
        let local = try await local(saves: 3, lineage: lineage)
        await #expect(throws: StateTransferError.self) {
            try await StateTransfer.pull(local: local, remote: remote, force: false)
        }
        #expect(try await local.load().serial == 3)
        let forced = try await StateTransfer.pull(local: local, remote: remote, force: true)
        #expect(forced.serial == 4)
        #expect(try await local.load().resources.keys.sorted() == [Address(.number, "l0")])
    }

    @Test func emptySourceIsRefused() async throws {
        let remote = try await PG.store("empty")
        await #expect(throws: StateTransferError.self) {
            try await StateTransfer.push(local: MemoryStateStore(), remote: remote, force: true)
        }
    }
}
