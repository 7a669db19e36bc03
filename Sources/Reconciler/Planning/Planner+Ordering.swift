import SwitchboardModel

extension Planner {
    /// Orders changes: creates, updates and replaces follow the reference graph (what a resource refers to comes
    /// first); deletes come after them, in reverse reference order; number imports into one integration form a
    /// chain (the platform takes one at a time). Ties break by kind, then address, so output is deterministic.
    ///
    /// `changes` holds one change per address; `index` maps each address to its position. Works on positions, so
    /// no change is copied until the ordered result is built (each is moved out of `changes` once).
    static func order(
        _ changes: inout [PlannedChange], index: [Address: Int], edges: OrderingInput
    ) -> [PlannedChange] {
        let n = changes.count
        var deps = [Set<Int>](repeating: [], count: n)
        // What ordering needs of each change, read once through a buffer pointer: reading fields of `changes[i]`
        // directly made the optimizer copy whole PlannedChanges.
        var actions: [Action] = []
        var addresses: [Address] = []
        var priorDependencies: [[Address]] = []
        actions.reserveCapacity(n)
        addresses.reserveCapacity(n)
        priorDependencies.reserveCapacity(n)
        changes.withUnsafeBufferPointer { buf in
            for c in buf.indices {
                actions.append(buf[c].action)
                addresses.append(buf[c].address)
                priorDependencies.append(buf[c].prior?.dependencies ?? [])
            }
        }
        let references = edges.references
        // Number imports wait for each other (per integration) only when they change something.
        let integrations = edges.integrations.indices.map { actions[$0] == .noop ? nil : edges.integrations[$0] }
        func active(_ i: Int) -> Bool { actions[i] != .noop }

        // Forward edges for creates, updates and replaces.
        for i in 0..<n where actions[i] != .delete {
            for ref in references[i] {
                guard let j = index[ref], active(j), actions[j] != .delete else { continue }
                deps[i].insert(j)
            }
        }
        // Deletes wait for everything that referred to them (deleted or re-pointed) to finish.
        var referrers: [Int: [Int]] = [:]
        for i in 0..<n {
            for dep in priorDependencies[i] {
                guard let j = index[dep], actions[j] == .delete || actions[j] == .replace else { continue }
                referrers[j, default: []].append(i)
            }
        }
        for (i, refs) in referrers {
            let action = actions[i]
            for r in refs where active(r) && r != i {
                // A replaced resource is deleted before it is created again; its referrers that are being deleted
                // go first. Referrers being created or updated depend on it instead (forward edge above).
                if action == .replace && actions[r] != .delete { continue }
                deps[i].insert(r)
            }
        }
        // One number import at a time per integration.
        var numbersByIntegration: [String: [Int]] = [:]
        for i in 0..<n {
            if let integration = integrations[i] { numbersByIntegration[integration, default: []].append(i) }
        }
        for (_, numbers) in numbersByIntegration {
            let sorted = numbers.sorted { a, b in
                let ad = actions[a] == .delete, bd = actions[b] == .delete
                return ad != bd ? !ad && bd : addresses[a] < addresses[b]
            }
            for (prev, next) in zip(sorted, sorted.dropFirst()) where !deps[prev].contains(next) {
                deps[next].insert(prev)
            }
        }

        // Longest-path levels (memoized; the graph is acyclic after validation, cycles are cut defensively).
        var level = [Int](repeating: -1, count: n)
        var visiting = [Bool](repeating: false, count: n)
        func depth(_ a: Int) -> Int {
            if level[a] >= 0 { return level[a] }
            if deps[a].isEmpty {
                level[a] = 0
                return 0
            }
            guard !visiting[a] else { return 0 }
            visiting[a] = true
            var l = 0
            for d in deps[a] { l = max(l, depth(d) + 1) }
            visiting[a] = false
            level[a] = l
            return l
        }
        // Sort keys computed once per change (the comparator runs n log n times).
        struct Key {
            var address: Address
            var level: Int
            var isDelete: Bool
            var position: Int
        }
        var keys: [Key] = []
        keys.reserveCapacity(n)
        for i in 0..<n {
            keys.append(Key(address: addresses[i], level: depth(i), isDelete: actions[i] == .delete, position: i))
        }
        keys.sort { ka, kb in
            if ka.level != kb.level { return ka.level < kb.level }
            if ka.isDelete != kb.isDelete { return !ka.isDelete }
            let a = ka.address, b = kb.address
            if a.kind != b.kind { return ka.isDelete ? a.kind > b.kind : a.kind < b.kind }
            return a < b
        }
        var result: [PlannedChange] = []
        result.reserveCapacity(n)
        let placeholder = PlannedChange(address: Address(.number, ""), platform: "", action: .noop)
        for (k, key) in keys.enumerated() {
            var c = placeholder
            swap(&c, &changes[key.position])
            c.order = k + 1
            c.dependsOn = deps[key.position].isEmpty
                ? [] : deps[key.position].map { addresses[$0] }.sorted()
            result.append(c)
        }
        return result
    }
}

/// What ordering needs of each change besides the change itself, by position: the addresses its desired resource
/// refers to (none for a delete), and for a number the integration it is imported into.
struct OrderingInput {
    private(set) var references: [[Address]] = []
    private(set) var integrations: [String?] = []

    mutating func reserveCapacity(_ n: Int) {
        references.reserveCapacity(n)
        integrations.reserveCapacity(n)
    }

    mutating func append(references: [Address], integration: String?) {
        self.references.append(references)
        integrations.append(integration)
    }
}
