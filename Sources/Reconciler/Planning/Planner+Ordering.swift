import SwitchboardModel

extension Planner {
    /// Orders changes: creates, updates, moves and replaces follow the reference graph (what a resource refers to
    /// comes first); deletes come after them, in reverse reference order. Ties break by kind, then address, so output
    /// is deterministic. Changes a platform takes one at a time (its rules' `serializedBy`, number imports into one
    /// integration) are not chained here: they form a queue the applier runs in this order, one at a time, where one
    /// change's failure holds back no other (`Applier.run`).
    ///
    /// `changes` holds one change per address; `index` maps each address to its position. Works on positions, so
    /// no change is copied until the ordered result is built (each is moved out of `changes` once).
    static func order(
        _ changes: inout [PlannedChange], index: [Address: Int], edges: OrderingInput
    ) -> [PlannedChange] {
        var graph = OrderingGraph(changes)
        graph.addReferenceEdges(edges.references, index: index)
        graph.addDeleteEdges(index: index)
        return graph.ordered(&changes)
    }
}

/// What ordering needs of each change besides the change itself, by position: the addresses its desired resource
/// refers to (none for a delete).
struct OrderingInput {
    private(set) var references: [[Address]] = []

    mutating func reserveCapacity(_ n: Int) { references.reserveCapacity(n) }

    mutating func append(references: [Address]) { self.references.append(references) }

    /// The listed change waits for its lister instead of the other way round.
    mutating func reverse(lister: Int, listerAddress: Address, listed: Int, listedAddress: Address) {
        references[lister].removeAll { $0 == listedAddress }
        if !references[listed].contains(listerAddress) { references[listed].append(listerAddress) }
    }
}

/// The dependency graph of a plan's changes, by position: `deps[i]` must finish before change `i` starts.
struct OrderingGraph {
    let actions: [Action]
    let addresses: [Address]
    /// What each change's prior state referred to (for delete ordering).
    let priorDependencies: [[Address]]
    var deps: [Set<Int>]

    /// Reads what ordering needs of each change once, through a buffer pointer: reading fields of `changes[i]`
    /// directly made the optimizer copy whole PlannedChanges.
    init(_ changes: [PlannedChange]) {
        var actions: [Action] = []
        var addresses: [Address] = []
        var priorDependencies: [[Address]] = []
        actions.reserveCapacity(changes.count)
        addresses.reserveCapacity(changes.count)
        priorDependencies.reserveCapacity(changes.count)
        changes.withUnsafeBufferPointer { buf in
            for c in buf.indices {
                actions.append(buf[c].action)
                addresses.append(buf[c].address)
                priorDependencies.append(buf[c].prior?.dependencies ?? [])
            }
        }
        self.actions = actions
        self.addresses = addresses
        self.priorDependencies = priorDependencies
        deps = [Set<Int>](repeating: [], count: changes.count)
    }

    func active(_ i: Int) -> Bool { actions[i] != .noop }

    /// Creates, updates and replaces wait for what they refer to (unless it is unchanged or being deleted).
    mutating func addReferenceEdges(_ references: [[Address]], index: [Address: Int]) {
        for i in actions.indices where actions[i] != .delete {
            for ref in references[i] {
                guard let j = index[ref], active(j), actions[j] != .delete else { continue }
                deps[i].insert(j)
            }
        }
    }

    /// Deletes wait for everything that referred to them (deleted or re-pointed) to finish.
    mutating func addDeleteEdges(index: [Address: Int]) {
        var referrers: [Int: [Int]] = [:]
        for i in actions.indices {
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
    }

    /// Longest-path levels (memoized; the graph is acyclic after validation, cycles are cut defensively).
    func levels() -> [Int] {
        var level = [Int](repeating: -1, count: deps.count)
        var visiting = [Bool](repeating: false, count: deps.count)
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
        for i in deps.indices { _ = depth(i) }
        return level
    }

    /// The changes in execution order, each moved out of `changes` once, with `order` and `dependsOn` set.
    func ordered(_ changes: inout [PlannedChange]) -> [PlannedChange] {
        // Sort keys computed once per change (the comparator runs n log n times).
        struct Key {
            var address: Address
            var level: Int
            var isDelete: Bool
            var position: Int
        }
        let level = levels()
        var keys: [Key] = []
        keys.reserveCapacity(changes.count)
        for i in changes.indices {
            keys.append(Key(address: addresses[i], level: level[i], isDelete: actions[i] == .delete, position: i))
        }
        keys.sort { ka, kb in
            if ka.level != kb.level { return ka.level < kb.level }
            if ka.isDelete != kb.isDelete { return !ka.isDelete }
            let a = ka.address
            let b = kb.address
            if a.kind != b.kind { return ka.isDelete ? a.kind > b.kind : a.kind < b.kind }
            return a < b
        }
        var result: [PlannedChange] = []
        result.reserveCapacity(changes.count)
        let placeholder = PlannedChange(address: Address(.number, ""), platform: "", action: .noop)
        for (k, key) in keys.enumerated() {
            var c = placeholder
            swap(&c, &changes[key.position])
            c.order = k + 1
            c.dependsOn = deps[key.position].isEmpty ? [] : deps[key.position].map { addresses[$0] }.sorted()
            result.append(c)
        }
        return result
    }
}
