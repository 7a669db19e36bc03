import Testing

@testable import SwitchboardModel

/// `ResourceTable` must behave as the dictionary it replaced: lookups, replacement, removal, and order-blind equality.
@Suite struct ResourceTableTests {
    static func state(_ name: String, status: ResourceStatus = .active) -> ResourceState {
        ResourceState(kind: .number, name: name, platform: "genesys", remoteId: "r-" + name, status: status)
    }

    static func address(_ name: String) -> Address { Address(.number, name) }

    @Test func insertReplaceAndRemoveKeepEveryOtherEntryFindable() {
        var table = ResourceTable()
        var mirror: [Address: ResourceState] = [:]
        // A fixed pseudo-random walk of inserts, replacements and removals, checked against a dictionary.
        var seed: UInt64 = 42
        for step in 0..<2_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let name = "n\(seed >> 58)"
            let value: ResourceState? = (seed >> 40) % 4 == 0 ? nil : Self.state(name, status: ResourceStatus(rawValue: "s\(step)"))
            table[Self.address(name)] = value
            mirror[Self.address(name)] = value
            #expect(table.count == mirror.count)
        }
        for (address, state) in mirror { #expect(table[address] == state) }
        #expect(Set(table.keys) == Set(mirror.keys))
        #expect(table[Self.address("absent")] == nil)
        var walked = 0
        for (address, state) in table {
            #expect(mirror[address] == state)
            walked += 1
        }
        #expect(walked == mirror.count)
    }

    @Test func keysKeepTheOrderTheyWereAdded() {
        var table: ResourceTable = [Self.address("c"): Self.state("c"), Self.address("a"): Self.state("a")]
        table[Self.address("b")] = Self.state("b")
        table[Self.address("a")] = Self.state("a", status: .disabled)
        #expect(table.keys.map(\.name) == ["c", "a", "b"])
        #expect(table[Self.address("a")]?.status == .disabled)
        table[Self.address("c")] = nil
        #expect(table.keys.map(\.name) == ["b", "a"])
        #expect(table.values.map(\.name) == ["b", "a"])
    }

    @Test func equalityAndHashIgnoreOrder() {
        var forward = ResourceTable(), backward = ResourceTable()
        for name in ["a", "b", "c"] { forward[Self.address(name)] = Self.state(name) }
        for name in ["c", "b", "a"] { backward[Self.address(name)] = Self.state(name) }
        #expect(forward == backward)
        #expect(forward.hashValue == backward.hashValue)
        backward[Self.address("b")] = Self.state("b", status: .pending)
        #expect(forward != backward)
        backward[Self.address("b")] = nil
        #expect(forward != backward)
        #expect(ResourceTable() == [:])
    }
}
