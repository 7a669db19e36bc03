import Foundation
import Testing

@testable import SwitchboardModel

/// `PlannedChange` and `ResourceState` keep their properties in a shared box: they must still behave as values.
@Suite struct CopyOnWriteTests {
    static func state(_ name: String = "us-1") -> ResourceState {
        ResourceState(
            kind: .number, name: name, platform: "genesys", remoteId: "n-1", status: .active,
            attributes: ["phoneNumber": "+14155550123"], labels: ["team": "support"],
            createdAt: "2026-01-01T00:00:00Z")
    }

    @Test func mutatingACopyLeavesTheOriginal() {
        let original = Self.state()
        var copy = original
        copy.status = .disabled
        copy.labels["team"] = "sales"
        copy.attributes["phoneNumber"] = "+14155550199"
        #expect(original.status == .active)
        #expect(original.labels == ["team": "support"])
        #expect(original.attributes["phoneNumber"] == "+14155550123")
        #expect(copy.status == .disabled && copy.labels["team"] == "sales")

        let change = PlannedChange(
            address: Address(.number, "us-1"), platform: "genesys", action: .update, prior: original)
        var other = change
        other.action = .replace
        other.fields.append(FieldChange(path: "type", before: "local", after: "mobile", forcesReplacement: true))
        other.prior?.status = .pending
        #expect(change.action == .update)
        #expect(change.fields.isEmpty)
        #expect(change.prior?.status == .active)
        #expect(other.fields.count == 1 && other.prior?.status == .pending)
    }

    @Test func equalValuesInSeparateBoxesAreEqualAndHashAlike() {
        let a = Self.state(), b = Self.state()
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b]).count == 1)
        #expect(a != Self.state("us-2"))
        let x = PlannedChange(address: Address(.number, "us-1"), platform: "genesys", action: .noop, prior: a)
        let y = PlannedChange(address: Address(.number, "us-1"), platform: "genesys", action: .noop, prior: b)
        #expect(x == y && x.hashValue == y.hashValue)
        var z = y
        z.order = 3
        #expect(x != z)
    }

    /// The JSON forms (saved plans, state read by `JSONDecoder`) keep their member names and leave absent optionals
    /// out, as the synthesized conformances did.
    @Test func jsonFormsKeepTheirMembers() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let state = try JSONSerialization.jsonObject(with: encoder.encode(Self.state())) as? [String: Any]
        #expect(state.map { Set($0.keys) } == [
            "kind", "name", "platform", "remoteId", "status", "attributes", "fingerprints", "outputs", "dependencies",
            "protect", "labels", "createdAt",
        ])
        let change = PlannedChange(address: Address(.number, "us-1"), platform: "genesys", action: .delete, order: 2)
        let json = try JSONSerialization.jsonObject(with: encoder.encode(change)) as? [String: Any]
        #expect(json.map { Set($0.keys) } == [
            "address", "platform", "action", "order", "dependsOn", "fields", "findings", "fingerprints",
        ])
        let withPrior = PlannedChange(
            address: Address(.number, "us-1"), platform: "genesys", action: .delete, prior: Self.state())
        #expect(try JSONDecoder().decode(PlannedChange.self, from: encoder.encode(withPrior)) == withPrior)
        #expect(try JSONDecoder().decode(ResourceState.self, from: encoder.encode(Self.state())) == Self.state())
    }
}
