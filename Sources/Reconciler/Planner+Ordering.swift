import SwitchboardModel

extension Planner {
    /// Orders changes: creates, updates and replaces follow the reference graph (what a resource refers to comes
    /// first); deletes come after them, in reverse reference order; number imports into one integration form a
    /// chain (the platform takes one at a time). Ties break by kind, then address, so output is deterministic.
    static func order(_ changes: [Address: PlannedChange], state: StateSnapshot) -> [PlannedChange] {
        var deps: [Address: Set<Address>] = [:]
        let active = { (a: Address) -> Bool in
            guard let c = changes[a] else { return false }
            return c.action != .noop
        }

        // Forward edges for creates, updates and replaces.
        for (address, change) in changes where change.action != .delete {
            var d = Set<Address>()
            for ref in change.desired?.references ?? [] where active(ref) && changes[ref]?.action != .delete {
                d.insert(ref)
            }
            deps[address] = d
        }
        // Deletes wait for everything that referred to them (deleted or re-pointed) to finish.
        var referrers: [Address: [Address]] = [:]
        for (address, change) in changes {
            for dep in change.prior?.dependencies ?? [] { referrers[dep, default: []].append(address) }
        }
        for (address, change) in changes where change.action == .delete || change.action == .replace {
            var d = deps[address] ?? []
            for r in referrers[address] ?? [] where active(r) && r != address {
                // A replaced resource is deleted before it is created again; its referrers that are being deleted
                // go first. Referrers being created or updated depend on it instead (forward edge above).
                if change.action == .replace && changes[r]?.action != .delete { continue }
                d.insert(r)
            }
            deps[address] = d
        }
        // One number import at a time per integration.
        var numbersByIntegration: [String: [Address]] = [:]
        for (address, change) in changes where address.kind == .number && change.action != .noop {
            let integration: String? = {
                if case .number(let n)? = change.desired?.spec { return n.integration }
                return change.prior?.attributes["integration"]?.stringValue
            }()
            if let integration { numbersByIntegration[integration, default: []].append(address) }
        }
        for (_, numbers) in numbersByIntegration {
            let sorted = numbers.sorted { a, b in
                let ad = changes[a]?.action == .delete, bd = changes[b]?.action == .delete
                return ad != bd ? !ad && bd : a < b
            }
            for (prev, next) in zip(sorted, sorted.dropFirst()) where !(deps[prev]?.contains(next) ?? false) {
                deps[next, default: []].insert(prev)
            }
        }

        // Longest-path levels (memoized; the graph is acyclic after validation, cycles are cut defensively).
        var level: [Address: Int] = [:]
        var visiting = Set<Address>()
        func depth(_ a: Address) -> Int {
            if let l = level[a] { return l }
            guard visiting.insert(a).inserted else { return 0 }
            var l = 0
            for d in deps[a] ?? [] { l = max(l, depth(d) + 1) }
            visiting.remove(a)
            level[a] = l
            return l
        }
        // Sort keys computed once per change (the comparator runs n log n times).
        struct Key {
            var address: Address
            var level: Int
            var isDelete: Bool
        }
        let keys = changes.map { address, change in
            Key(address: address, level: depth(address), isDelete: change.action == .delete)
        }
        let sorted = keys.sorted { ka, kb in
            if ka.level != kb.level { return ka.level < kb.level }
            if ka.isDelete != kb.isDelete { return !ka.isDelete }
            let a = ka.address, b = kb.address
            if a.kind != b.kind { return ka.isDelete ? a.kind > b.kind : a.kind < b.kind }
            return a < b
        }.map(\.address)
        return sorted.enumerated().map { i, address in
            var c = changes[address]!
            c.order = i + 1
            c.dependsOn = (deps[address] ?? []).sorted()
            return c
        }
    }
}
