import Foundation
import StateBackends
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@Suite struct LocalStateJournalTests {
    /// A written state of `count` numbers, and its store.
    func written(_ dir: TemporaryDirectory, count: Int = 3) async throws -> (LocalStateStore, StateSnapshot) {
        let store = Fixture.store(dir.statePath)
        var snapshot = try await store.load()
        for i in 0..<count { snapshot[Address(.number, "n\(i)")] = StateFixtures.number("+1555010\(i)") }
        return (store, try await store.save(snapshot))
    }

    func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? -1
    }

    @Test func aRecordedChangeIsAJournalLineAndTheDocumentIsNotRewritten() async throws {
        let dir = try TemporaryDirectory()
        let (store, saved) = try await written(dir)
        let document = try String(contentsOfFile: dir.statePath, encoding: .utf8)
        var s = saved
        let added = Address(.number, "added")
        s[added] = StateFixtures.number("+15550199")
        s.intents["Number/n0"] = Intent(
            address: Address(.number, "n0"), operation: .update, platform: "genesys", naturalKey: "+15550100",
            startedAt: "2025-06-01T10:00:00.000Z", applyId: "run-1")
        s = try await store.record([added, Address(.number, "n0")], of: s)
        s[Address(.number, "n1")] = nil
        s = try await store.record([Address(.number, "n1")], of: s)
        #expect(s.serial == saved.serial + 2)
        #expect(try String(contentsOfFile: dir.statePath, encoding: .utf8) == document)
        let lines = try String(contentsOfFile: dir.statePath + ".journal", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        // Every reader sees the document plus its journal.
        let loaded = try await Fixture.store(dir.statePath).load()
        #expect(loaded == s)
        #expect(loaded[added] != nil && loaded[Address(.number, "n1")] == nil && loaded.intents["Number/n0"] != nil)
        // A record based on an older serial is refused.
        await #expect(throws: StateError.self) { _ = try await store.record([added], of: saved) }
    }

    @Test func compactionFoldsTheJournalKeepingTheBackupAndTheSerial() async throws {
        let dir = try TemporaryDirectory()
        let (store, saved) = try await written(dir)
        var s = saved
        s[Address(.number, "n2")] = nil
        s = try await store.record([Address(.number, "n2")], of: s)
        try await store.compact()
        #expect(!FileManager.default.fileExists(atPath: dir.statePath + ".journal"))
        let loaded = try await Fixture.store(dir.statePath).load()
        #expect(loaded == s)
        #expect(loaded.serial == saved.serial + 1)
        let backup = try String(contentsOfFile: dir.statePath + ".backup", encoding: .utf8)
        #expect(backup.contains("\"serial\" : \(saved.serial)"))
        // A whole save after a journal supersedes it.
        s[Address(.number, "n0")] = nil
        s = try await store.record([Address(.number, "n0")], of: s)
        _ = try await store.save(s)
        #expect(!FileManager.default.fileExists(atPath: dir.statePath + ".journal"))
        #expect(try await store.load().serial == s.serial + 1)
    }

    @Test func aTornLastLineIsIgnoredAndAJournalLeftBehindIsFoldedByTheNextLock() async throws {
        let dir = try TemporaryDirectory()
        let (store, saved) = try await written(dir)
        var s = saved
        s[Address(.number, "late")] = StateFixtures.number("+15550177")
        s = try await store.record([Address(.number, "late")], of: s)
        // A process killed while writing its next line leaves half of it.
        let journal = dir.statePath + ".journal"
        let handle = try #require(FileHandle(forWritingAtPath: journal))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"changes\":[{\"address\":\"Number/n0\",".utf8))
        try handle.close()
        let next = Fixture.store(dir.statePath)
        #expect(try await next.load() == s)
        let lock = try await next.lock(command: "plan", timeout: 0)
        #expect(!FileManager.default.fileExists(atPath: journal))
        #expect(try await next.load() == s)
        try await next.unlock(lock)
    }

    @Test func replayingEntriesAlreadyFoldedChangesNothing() async throws {
        let dir = try TemporaryDirectory()
        let (store, saved) = try await written(dir)
        var s = saved
        s[Address(.number, "n0")] = nil
        s = try await store.record([Address(.number, "n0")], of: s)
        let journal = try Data(contentsOf: URL(fileURLWithPath: dir.statePath + ".journal"))
        try await store.compact()
        // A compaction that died after renaming the document but before removing the journal.
        try journal.write(to: URL(fileURLWithPath: dir.statePath + ".journal"))
        #expect(try await Fixture.store(dir.statePath).load() == s)
        try await store.compact()
        #expect(try await Fixture.store(dir.statePath).load() == s)
    }

    @Test func aDamagedLineIsReportedNotSkipped() async throws {
        let dir = try TemporaryDirectory()
        _ = try await written(dir)
        try Data("not json\n".utf8).write(to: URL(fileURLWithPath: dir.statePath + ".journal"))
        await #expect(throws: StateError.self) { _ = try await Fixture.store(dir.statePath).load() }
    }
}
