import Foundation
import StateBackends
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@Suite struct LocalStateStoreHistoryTests {
    static func record(_ n: Int) -> HistoryRecord {
        HistoryRecord(
            id: "run-\(n)", time: "2025-06-01T10:00:0\(n).000Z", user: "alice", host: "laptop",
            planChecksum: "sha256:\(n)", accepted: ["billing"],
            changes: [HistoryChange(address: Address(.number, "+1555010\(n)"), action: .create, outcome: .succeeded)],
            result: .succeeded)
    }

    @Test func appendedRecordsReadBackInOrder() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        #expect(try await store.history().isEmpty)
        for n in 1...3 { try await store.appendHistory(Self.record(n)) }
        #expect(try await Fixture.store(dir.statePath).history() == (1...3).map(Self.record))
        let text = String(decoding: try #require(Fixture.bytes(store.historyPath)), as: UTF8.self)
        #expect(text.split(separator: "\n").count == 3)
        #expect(store.historyPath == dir.path + "/.switchboard/history.jsonl")
        #expect(Fixture.mode(store.historyPath) == 0o600)
    }

    @Test func aLineCutShortByACrashIsSkippedThenDropped() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        try await store.appendHistory(Self.record(1))
        try await store.appendHistory(Self.record(2))
        let handle = try #require(FileHandle(forWritingAtPath: store.historyPath))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"id":"run-3","time":"2025-06-01T10:0"#.utf8))
        try handle.close()

        #expect(try await store.history() == [Self.record(1), Self.record(2)])
        try await store.appendHistory(Self.record(4))
        #expect(try await store.history() == [Self.record(1), Self.record(2), Self.record(4)])
    }

    @Test func aWholeLastRecordWithoutNewlineIsKept() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        try await store.appendHistory(Self.record(1))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let handle = try #require(FileHandle(forWritingAtPath: store.historyPath))
        handle.seekToEndOfFile()
        handle.write(try encoder.encode(Self.record(2)))
        try handle.close()
        try await store.appendHistory(Self.record(3))
        #expect(try await store.history() == (1...3).map(Self.record))
    }

    @Test func aBrokenEarlierLineIsReportedWithItsNumber() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        try await store.appendHistory(Self.record(1))
        let handle = try #require(FileHandle(forWritingAtPath: store.historyPath))
        handle.seekToEndOfFile()
        handle.write(Data("not json\n".utf8))
        try handle.close()
        try await store.appendHistory(Self.record(3))
        await #expect {
            _ = try await store.history()
        } throws: { error in
            guard case StateError.corrupt(let message) = error else { return false }
            return message.contains("line 2") && message.contains("history.jsonl")
        }
    }
}
