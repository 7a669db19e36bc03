/// A state's resources by address, stored in the order they were added (a state file's order, when read from one).
///
/// A `Dictionary` of them freed its values in hash order when a state went away: at 50,000 resources nearly every
/// one of those frees was a cache miss, and freeing a state cost 7.9 times as much as at 10,000. Here the values
/// live in an array and are freed in the order they were made; the index holds positions only. Equality and hashing
/// ignore the order, as a dictionary's do.
public struct ResourceTable: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    private var addressList: [Address] = []
    private var stateList: [ResourceState] = []
    private var positions: [Address: Int] = [:]

    /// An empty table.
    public init() {}

    /// A table of `elements`; a later element with the same address replaces an earlier one.
    public init(dictionaryLiteral elements: (Address, ResourceState)...) {
        for (address, state) in elements { self[address] = state }
    }

    /// The number of resources.
    public var count: Int { stateList.count }
    public var isEmpty: Bool { stateList.isEmpty }
    /// The addresses, in the order they were added (sort them for output).
    public var keys: [Address] { addressList }
    /// The resources, in the order they were added.
    public var values: [ResourceState] { stateList }

    /// Makes room for `capacity` resources without growing.
    public mutating func reserveCapacity(_ capacity: Int) {
        addressList.reserveCapacity(capacity)
        stateList.reserveCapacity(capacity)
        positions.reserveCapacity(capacity)
    }

    /// The resource at `address`; setting nil removes it (the last resource takes its place).
    public subscript(address: Address) -> ResourceState? {
        get { positions[address].map { stateList[$0] } }
        set {
            if let i = positions[address] {
                if let newValue { stateList[i] = newValue } else { remove(at: i) }
            } else if let newValue {
                positions[address] = stateList.count
                addressList.append(address)
                stateList.append(newValue)
            }
        }
    }

    private mutating func remove(at i: Int) {
        let last = stateList.count - 1
        positions[addressList[i]] = nil
        if i != last {
            addressList.swapAt(i, last)
            stateList.swapAt(i, last)
            positions[addressList[i]] = i
        }
        addressList.removeLast()
        stateList.removeLast()
    }

    // MARK: - Sequence

    /// Walks the resources in the order they were added.
    public struct Iterator: IteratorProtocol {
        fileprivate let table: ResourceTable
        fileprivate var position = 0

        public mutating func next() -> (key: Address, value: ResourceState)? {
            guard position < table.stateList.count else { return nil }
            defer { position += 1 }
            return (table.addressList[position], table.stateList[position])
        }
    }

    public func makeIterator() -> Iterator { Iterator(table: self) }

    public var underestimatedCount: Int { count }

    // MARK: - Hashable

    /// The same addresses with equal resources, in any order.
    public static func == (a: ResourceTable, b: ResourceTable) -> Bool {
        guard a.count == b.count else { return false }
        for (i, address) in a.addressList.enumerated() {
            guard let j = b.positions[address], a.stateList[i] == b.stateList[j] else { return false }
        }
        return true
    }

    /// Independent of the order, like a dictionary's hash: each entry is hashed alone and the results combined with
    /// xor.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for i in stateList.indices {
            var entry = Hasher()
            entry.combine(addressList[i])
            entry.combine(stateList[i])
            combined ^= entry.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}
