import Foundation
import Reconciler
import StateBackends
import SwitchboardModel
import SwitchboardTestSupport
import SwitchboardWorkspace
import Testing

@Suite struct StateEditTests {
    @Test func removeSavesRecordsAndReleases() async throws {
        let dir = try TemporaryDirectory()
        let store = LocalStateStore(path: dir.statePath)
        var s = try await store.load()
        s[Address(.integration, "support-whatsapp")] = StateFixtures.integration()
        s[Address(.number, "+15550101")] = StateFixtures.number("+15550101")
        _ = try await store.save(s)

        let outcome = try await StateEdit.remove(Address(.integration, "support-whatsapp"), store: store, timeout: 0)
        #expect(outcome.snapshot?.serial == 2)
        #expect(outcome.message.contains("Number/+15550101"))
        let stored = try await store.load()
        #expect(stored.resources.keys.sorted() == [Address(.number, "+15550101")])
        let record = try #require(try await store.history().last)
        #expect(record.event == .stateRm)
        #expect(try await store.currentLock() == nil)
    }

    @Test func aFailedEditWritesNothing() async throws {
        let dir = try TemporaryDirectory()
        let store = LocalStateStore(path: dir.statePath)
        _ = try await store.save(try await store.load())
        await #expect(throws: StateOps.Failure.self) {
            _ = try await StateEdit.unprotect(Address(.number, "+1"), store: store, timeout: 0)
        }
        #expect(try await store.load().serial == 1)
        #expect(try await store.history().isEmpty)
        #expect(try await store.currentLock() == nil)
    }

    @Test func unprotectOfAnUnprotectedResourceSavesNothing() async throws {
        let dir = try TemporaryDirectory()
        let store = LocalStateStore(path: dir.statePath)
        var s = try await store.load()
        s[Address(.integration, "a")] = StateFixtures.integration("a", protect: false)
        _ = try await store.save(s)
        let outcome = try await StateEdit.unprotect(Address(.integration, "a"), store: store, timeout: 0)
        #expect(outcome.snapshot == nil)
        #expect(try await store.load().serial == 1)
    }
}
