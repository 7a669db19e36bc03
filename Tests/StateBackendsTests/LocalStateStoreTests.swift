import Foundation
import StateBackends
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@Suite struct LocalStateStoreTests {
    @Test func missingFileGivesEmptyStateWithoutWritingIt() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        let first = try await store.load()
        let second = try await store.load()
        #expect(first.serial == 0)
        #expect(first.resources.isEmpty)
        #expect(!first.lineage.isEmpty)
        #expect(first.lineage == second.lineage)
        #expect(!FileManager.default.fileExists(atPath: dir.statePath))
    }

    @Test func roundTripKeepsEveryField() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        var snapshot = try await store.load()
        snapshot[Address(.integration, "support-whatsapp")] = StateFixtures.integration(protect: true)
        snapshot[Address(.number, "+15550100")] = StateFixtures.number("+15550100")
        snapshot.intents["Number/+15550100"] = Intent(
            address: Address(.number, "+15550100"), operation: .create, platform: "genesys",
            naturalKey: "+15550100", startedAt: "2025-06-01T10:00:00.000Z", applyId: "run-1")
        let written = try await store.save(snapshot)
        let loaded = try await Fixture.store(dir.statePath).load()
        #expect(written.serial == 1)
        #expect(loaded == written)
        var expected = snapshot
        expected.serial = 1
        #expect(loaded == expected)
        #expect(loaded[Address(.integration, "support-whatsapp")]?.protect == true)
    }

    @Test func everySaveBumpsTheSerial() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        var snapshot = try await store.load()
        for expected in 1...3 {
            snapshot[Address(.number, "+1555010\(expected)")] = StateFixtures.number("+1555010\(expected)")
            snapshot = try await store.save(snapshot)
            #expect(snapshot.serial == expected)
            #expect(try await store.load().serial == expected)
        }
    }

    @Test func staleSerialConflictsAndWritesNothing() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        let base = try await store.load()
        var first = base
        first[Address(.integration, "a")] = StateFixtures.integration("a")
        _ = try await store.save(first)
        let before = try #require(Fixture.bytes(dir.statePath))
        let backupBefore = Fixture.bytes(dir.statePath + ".backup")

        var stale = base
        stale[Address(.integration, "b")] = StateFixtures.integration("b")
        await #expect {
            _ = try await Fixture.store(dir.statePath).save(stale)
        } throws: { error in
            guard case StateError.conflict(let expected, let found) = error else { return false }
            return expected == 0 && found == 1
        }
        #expect(Fixture.bytes(dir.statePath) == before)
        #expect(Fixture.bytes(dir.statePath + ".backup") == backupBefore)
    }

    @Test func aDifferentLineageIsRefused() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        let saved = try await store.save(try await store.load())
        let before = try #require(Fixture.bytes(dir.statePath))
        let other = StateSnapshot(lineage: "another-lineage", serial: saved.serial)
        await #expect(throws: StateError.self) { _ = try await store.save(other) }
        #expect(Fixture.bytes(dir.statePath) == before)
    }

    @Test func backupHoldsThePreviousVersion() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        var snapshot = try await store.save(try await store.load())
        #expect(!FileManager.default.fileExists(atPath: dir.statePath + ".backup"))
        let firstBytes = try #require(Fixture.bytes(dir.statePath))
        snapshot[Address(.integration, "a")] = StateFixtures.integration("a")
        snapshot = try await store.save(snapshot)
        #expect(Fixture.bytes(dir.statePath + ".backup") == firstBytes)
        let backup = try JSONDecoder().decode(
            StateSnapshot.self, from: try #require(Fixture.bytes(dir.statePath + ".backup")))
        #expect(backup.serial == 1)
        #expect(backup.resources.isEmpty)
        #expect(snapshot.serial == 2)
    }

    /// The backup is a link to the previous file, never to the current one: after every save it holds exactly the
    /// version before, and writing the next state leaves it as it was.
    @Test func backupIsAlwaysTheVersionBefore() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        var snapshot = try await store.save(try await store.load())
        var previous = try #require(Fixture.bytes(dir.statePath))
        for i in 0..<3 {
            snapshot[Address(.integration, "i-\(i)")] = StateFixtures.integration("i-\(i)")
            snapshot = try await store.save(snapshot)
            let current = try #require(Fixture.bytes(dir.statePath))
            #expect(Fixture.bytes(dir.statePath + ".backup") == previous)
            #expect(current != previous)
            #expect(try await store.load() == snapshot)
            previous = current
        }
        var a = stat(), b = stat()
        #expect(stat(dir.statePath, &a) == 0 && stat(dir.statePath + ".backup", &b) == 0)
        #expect(a.st_ino != b.st_ino)
        #expect(Fixture.mode(dir.statePath + ".backup") == 0o600)
    }

    /// A state larger than one written piece (256 KiB) reads back as it was saved.
    @Test func aLargeStateRoundTrips() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        var snapshot = try await store.load()
        for i in 0..<2_000 { snapshot[Address(.integration, "i-\(i)")] = StateFixtures.integration("i-\(i)") }
        snapshot = try await store.save(snapshot)
        #expect((Fixture.bytes(dir.statePath)?.count ?? 0) > 512 * 1024)
        #expect(try await Fixture.store(dir.statePath).load() == snapshot)
    }

    @Test func aTemporaryFileLeftByACrashDoesNotHarmState() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        var snapshot = try await store.load()
        snapshot[Address(.integration, "a")] = StateFixtures.integration("a")
        snapshot = try await store.save(snapshot)
        // A writer died after writing half of its temporary file, before the rename.
        let leftover = dir.path + "/.switchboard/.state.json.tmp.99999.deadbeef"
        try Data("{\"format\": 1, \"lineage\": \"x\", \"ser".utf8).write(to: URL(fileURLWithPath: leftover))

        let loaded = try await Fixture.store(dir.statePath).load()
        #expect(loaded == snapshot)
        var next = loaded
        next[Address(.integration, "b")] = StateFixtures.integration("b")
        let written = try await store.save(next)
        #expect(written.serial == 2)
        #expect(try await store.load() == written)
    }

    @Test func filesAreReadableOnlyByTheOwner() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        let snapshot = try await store.save(try await store.load())
        _ = try await store.save(snapshot)
        #expect(Fixture.mode(dir.statePath) == 0o600)
        #expect(Fixture.mode(dir.statePath + ".backup") == 0o600)
    }

    @Test func documentIsPrettyWithSortedKeys() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        var snapshot = try await store.load()
        snapshot[Address(.integration, "a")] = StateFixtures.integration("a")
        _ = try await store.save(snapshot)
        let text = String(decoding: try #require(Fixture.bytes(dir.statePath)), as: UTF8.self)
        let keys = ["\"format\"", "\"intents\"", "\"lineage\"", "\"resources\"", "\"serial\""]
        let positions = keys.compactMap { text.range(of: $0)?.lowerBound }
        #expect(positions.count == keys.count)
        #expect(positions == positions.sorted())
        #expect(text.contains("\n  \"format\" : 1"))
        #expect(text.hasSuffix("}\n"))
    }

    @Test func corruptStateNamesTheFileAndTheBackup() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        let snapshot = try await store.save(try await store.load())
        _ = try await store.save(snapshot)
        try Data("{\"format\": 1, \"lin".utf8).write(to: URL(fileURLWithPath: dir.statePath))
        await #expect {
            _ = try await store.load()
        } throws: { error in
            guard case StateError.corrupt(let message) = error else { return false }
            return message.contains(dir.statePath) && message.contains(dir.statePath + ".backup")
        }
        // Saving over a corrupt state is refused too: the operator restores first.
        let corrupt = try #require(Fixture.bytes(dir.statePath))
        await #expect(throws: StateError.self) { _ = try await store.save(snapshot) }
        #expect(Fixture.bytes(dir.statePath) == corrupt)
    }

    @Test func aNewerFormatIsNotRead() async throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(
            atPath: dir.path + "/.switchboard", withIntermediateDirectories: true)
        try Data(#"{"format": 2, "lineage": "l", "serial": 3}"#.utf8).write(to: URL(fileURLWithPath: dir.statePath))
        await #expect {
            _ = try await Fixture.store(dir.statePath).load()
        } throws: { error in
            guard case StateError.corrupt(let message) = error else { return false }
            return message.contains("format 2")
        }
    }
}

@Suite struct LocalStateStoreConcurrencyTests {
    /// Many writers, each with its own store (its own `flock` file descriptions), retrying on conflict:
    /// compare-and-swap must lose no update.
    @Test func concurrentWritersLoseNoUpdate() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.statePath
        _ = try await Fixture.store(path).save(try await Fixture.store(path).load())
        try await withThrowingTaskGroup(of: Int.self) { group in
            for writer in 0..<6 {
                group.addTask {
                    let store = Fixture.store(path)
                    var conflicts = 0
                    for n in 0..<5 {
                        while true {
                            var s = try await store.load()
                            s[Address(.template, "w\(writer)-\(n)")] = ResourceState(
                                kind: .template, name: "w\(writer)-\(n)", platform: "genesys", remoteId: "t",
                                status: .active)
                            do {
                                _ = try await store.save(s)
                                break
                            } catch StateError.conflict {
                                conflicts += 1
                            }
                        }
                    }
                    return conflicts
                }
            }
            for try await _ in group {}
        }
        let final = try await Fixture.store(path).load()
        #expect(final.resources.count == 30)
        #expect(final.serial == 31)
    }
}
