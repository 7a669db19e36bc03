import Foundation
import PlatformKit
import Sandbox
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@Suite struct SandboxJournalTests {
    func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? -1
    }

    func charge(_ store: SandboxStore, _ id: String) async throws {
        try await store.transact { w, now in
            w.ledger.append(LedgerEntry(
                time: now, platform: "p", event: "test", objectId: id, description: "", billing: .usage))
        }
    }

    @Test func eachOperationAppendsItsChangeAndTheWorldFileStaysAsItWas() async throws {
        let fx = try SandboxFixture()
        let integration = try await fx.twilioSMS()
        let worldFile = try String(contentsOfFile: fx.store.path, encoding: .utf8)
        for i in 0..<5 {
            _ = try await fx.importNumber(
                "n\(i)", NumberSpec(integration: "byo-twilio", type: .local, phoneNumber: "+1415555017\(i)", country: "US"),
                integrationId: integration)
        }
        #expect(try String(contentsOfFile: fx.store.path, encoding: .utf8) == worldFile)
        let journal = try String(contentsOfFile: fx.store.journalPath, encoding: .utf8)
        #expect(journal.split(separator: "\n").count >= 5)
        // What is on disk (world file plus journal) is the world in memory.
        let inMemory = try await fx.world()
        #expect(try fx.store.load() == inMemory)
        #expect(inMemory.genesys["genesys"]?.smsPhoneNumbers.count == 5)
        // The end of a command folds the journal into the world file.
        try await fx.store.compact()
        #expect(!FileManager.default.fileExists(atPath: fx.store.journalPath))
        #expect(try fx.store.load() == inMemory)
        #expect(fx.fileText.hasPrefix("{\n  \"clockOffset\""))
    }

    @Test func aJournalLeftByACrashIsFoldedOnLoadAndATornLineIgnored() async throws {
        let fx = try SandboxFixture()
        try await charge(fx.store, "first")
        try await charge(fx.store, "second")
        // A process killed while appending leaves half a line; another process then opens the sandbox.
        let handle = try #require(FileHandle(forWritingAtPath: fx.store.journalPath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"edits\":[{\"path\":[\"ledger\"],".utf8))
        try handle.close()
        let other = SandboxStore(path: fx.store.path, clock: .fixed(SandboxFixture.start))
        #expect(try other.load()?.ledger.map(\.objectId) == ["first", "second"])
        try await charge(other, "third")
        #expect(try await other.read().ledger.map(\.objectId) == ["first", "second", "third"])
        // The torn line was folded away with the rest; the journal holds only what came after.
        #expect(!(try String(contentsOfFile: fx.store.journalPath, encoding: .utf8)).contains("second"))
        #expect(try fx.store.load()?.ledger.count == 3)
    }

    @Test func aLineReplayedAfterItsCompactionChangesNothing() async throws {
        let fx = try SandboxFixture()
        try await charge(fx.store, "first")
        try await charge(fx.store, "second")
        let journal = try Data(contentsOf: URL(fileURLWithPath: fx.store.journalPath))
        try await fx.store.compact()
        // A compaction that died after writing the world file but before removing the journal.
        try journal.write(to: URL(fileURLWithPath: fx.store.journalPath))
        #expect(try fx.store.load()?.ledger.map(\.objectId) == ["first", "second"])
        #expect(try await fx.world().ledger.count == 2)
    }

    @Test func aChangeByAnotherProcessIsReadBeforeTheNextOperation() async throws {
        let fx = try SandboxFixture()
        try await charge(fx.store, "first")
        try await fx.store.compact()
        // Another process rewrites the world (a different file renamed over it).
        var world = try #require(try fx.store.load())
        world.ledger.append(LedgerEntry(
            time: SandboxFixture.start, platform: "p", event: "test", objectId: "elsewhere", description: "",
            billing: .usage))
        let temp = fx.store.path + ".other"
        try SandboxStore.encoder().encode(world).write(to: URL(fileURLWithPath: temp))
        #expect(rename(temp, fx.store.path) == 0)
        try await charge(fx.store, "second")
        #expect(try await fx.world().ledger.map(\.objectId) == ["first", "elsewhere", "second"])
    }

    @Test func aDamagedLineIsReported() async throws {
        let fx = try SandboxFixture()
        try await charge(fx.store, "first")
        try Data("garbage\n".utf8).write(to: URL(fileURLWithPath: fx.store.journalPath))
        let error = #expect(throws: PlatformError.self) { _ = try fx.store.load() }
        #expect(error?.code == "sandbox.corrupt")
    }
}
