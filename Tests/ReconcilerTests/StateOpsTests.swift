import Foundation
import Reconciler
import SwitchboardModel
import SwitchboardTestSupport
import Testing

@Suite struct StateOpsTests {
    static var snapshot: StateSnapshot {
        var s = StateSnapshot(lineage: "lin-1", serial: 4)
        s[Address(.integration, "support-whatsapp")] = StateFixtures.integration(protect: true)
        s[Address(.number, "+15550101")] = StateFixtures.number("+15550101")
        s[Address(.contentProfile, "brand")] = ResourceState(
            kind: .contentProfile, name: "brand", platform: "genesys", remoteId: "cp-1", status: .active)
        s.intents["Number/+15550101"] = Intent(
            address: Address(.number, "+15550101"), operation: .update, platform: "genesys",
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
        #expect(entries[1].status == .active)
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
