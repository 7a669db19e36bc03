import Foundation
import Reconciler
import SwitchboardWorkspace
import StateBackends
import SwitchboardModel
import Testing

@Suite struct StateOpsTests {
    static var snapshot: StateSnapshot {
        var s = StateSnapshot(lineage: "lin-1", serial: 4)
        s[Address(.integration, "support-whatsapp")] = Fixture.integration(protect: true)
        s[Address(.number, "+15550101")] = Fixture.number("+15550101")
        s[Address(.contentProfile, "brand")] = ResourceState(
            kind: .contentProfile, name: "brand", platform: "genesys", remoteId: "cp-1", status: "active")
        s.intents["Number/+15550101"] = Intent(
            address: Address(.number, "+15550101"), operation: "update", platform: "genesys",
            naturalKey: "+15550101", startedAt: "2025-06-01T10:00:00.000Z", applyId: "run-9")
        return s
    }

    @Test func listIsSortedByAddress() {
        let entries = StateOps.list(Self.snapshot)
        #expect(entries.map(\.address.description) == [
            "ContentProfile/brand", "Integration/support-whatsapp", "Number/+15550101",
        ])
        #expect(entries[1].protect)
        #expect(entries[1].platform == "genesys")
        #expect(entries[1].status == "active")
    }

    @Test func listTextShowsProtectionAndUnknownOutcomes() {
        let text = StateOps.renderList(Self.snapshot)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("ADDRESS"))
        #expect(lines[2].hasPrefix("Integration/support-whatsapp"))
        #expect(lines[2].hasSuffix("protected"))
        #expect(text.contains("3 resources (lineage lin-1, serial 4)"))
        #expect(text.contains("update Number/+15550101 (+15550101)"))
        #expect(StateOps.renderList(StateSnapshot(lineage: "x")).hasPrefix("No resources in state"))
    }

    @Test func removeForgetsTheResourceAndNamesDependents() throws {
        let removal = try StateOps.remove(Self.snapshot, Address(.integration, "support-whatsapp"))
        #expect(removal.snapshot[Address(.integration, "support-whatsapp")] == nil)
        #expect(removal.snapshot.resources.count == 2)
        #expect(removal.dependents == [Address(.number, "+15550101")])
        #expect(removal.removed.remoteId == "0f1e-support-whatsapp")

        let number = try StateOps.remove(Self.snapshot, Address(.number, "+15550101"))
        #expect(number.snapshot.intents.isEmpty)
    }

    @Test func anUnknownAddressSuggestsTheNearest() {
        #expect {
            _ = try StateOps.remove(Self.snapshot, Address(.integration, "support-whatsap"))
        } throws: { error in
            "\(error)" == "'Integration/support-whatsap' is not in state; did you mean 'Integration/support-whatsapp'?"
        }
        #expect(throws: StateOps.Failure.notManaged(Address(.template, "zzz"), suggestion: nil)) {
            _ = try StateOps.renderShow(Self.snapshot, Address(.template, "zzz"))
        }
    }

    @Test func unprotectClearsTheFlagOnce() throws {
        let address = Address(.integration, "support-whatsapp")
        let first = try StateOps.unprotect(Self.snapshot, address)
        #expect(first.changed)
        #expect(first.snapshot[address]?.protect == false)
        let second = try StateOps.unprotect(first.snapshot, address)
        #expect(!second.changed)
    }

    @Test func showPrintsFingerprintsButNeverASecretValue() throws {
        var s = Self.snapshot
        let address = Address(.integration, "support-whatsapp")
        // A value that should never have reached state under a fingerprinted key is still not shown.
        s[address]?.attributes["certificate"] = "-----BEGIN PRIVATE KEY-----"
        s[address]?.fingerprints["credentials.secret"] = "hmac-sha256:def"
        s[address]?.attributes["credentials"] = ["secret": "hunter2", "clientId": "abc"]
        let text = try StateOps.renderShow(s, address)
        let json = try StateOps.showJSON(s, address)
        for output in [text, json] {
            #expect(!output.contains("PRIVATE KEY"))
            #expect(!output.contains("hunter2"))
            #expect(output.contains("hmac-sha256:abc123"))
            #expect(output.contains("abc"))
        }
        #expect(text.hasPrefix("# Integration/support-whatsapp\n"))
        #expect(text.contains("protect:    true"))
        #expect(text.contains("  compliance = {\"help\":{\"message\":\"Reply HELP\"}}"))
        let decoded = try JSONDecoder().decode(ResourceState.self, from: Data(json.utf8))
        #expect(decoded.remoteId == "0f1e-support-whatsapp")
    }
}

@Suite struct StateEditTests {
    @Test func removeSavesRecordsAndReleases() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
        var s = try await store.load()
        s[Address(.integration, "support-whatsapp")] = Fixture.integration()
        s[Address(.number, "+15550101")] = Fixture.number("+15550101")
        _ = try await store.save(s)

        let outcome = try await StateEdit.remove(Address(.integration, "support-whatsapp"), store: store, timeout: 0)
        #expect(outcome.snapshot?.serial == 2)
        #expect(outcome.message.contains("Number/+15550101"))
        let stored = try await store.load()
        #expect(stored.resources.keys.sorted() == [Address(.number, "+15550101")])
        let record = try #require(try await store.history().last)
        #expect(record.event == "state-rm")
        #expect(try await store.currentLock() == nil)
    }

    @Test func aFailedEditWritesNothing() async throws {
        let dir = try TemporaryDirectory()
        let store = Fixture.store(dir.statePath)
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
        let store = Fixture.store(dir.statePath)
        var s = try await store.load()
        s[Address(.integration, "a")] = Fixture.integration("a", protect: false)
        _ = try await store.save(s)
        let outcome = try await StateEdit.unprotect(Address(.integration, "a"), store: store, timeout: 0)
        #expect(outcome.snapshot == nil)
        #expect(try await store.load().serial == 1)
    }
}
