import SwitchboardModel

/// Resources renamed in the manifests (DESIGN.md section 5, `move`): a desired resource that state does not hold
/// whose natural key (its platform's rules, `ResourceRules.naturalKey`) matches the one state entry no desired
/// resource claims, on the same connection and of the same class, is that object under a new address. State moves to
/// the new address and the platform's display name is updated; nothing is deleted or imported again.
///
/// A pair is a move only when the key is unique on both sides and nothing that cannot change in place differs
/// (references to other renamed resources count by their new names); otherwise the old object is deleted and the new
/// one created, as before.
struct Moves {
    /// New address -> the address state holds the object under.
    private(set) var from: [Address: Address] = [:]
    /// Old address -> new address: what a reference written with the old name now names.
    private(set) var renamed: [Address: Address] = [:]

    /// The object's key on its platform: the connection, the class and the natural key.
    private struct Key: Hashable {
        var platform: String
        var resourceClass: ResourceClass
        var value: String
    }

    /// The moves of `input`: none when every desired resource has state or every state entry is claimed (the cost is
    /// then one state lookup per desired resource).
    static func find(_ input: PlanInput, _ book: RuleBook) -> Moves {
        let state = input.state
        guard !state.resources.isEmpty else { return Moves() }
        let resources = input.manifests.resources
        var unmatched: [Int] = []
        for (i, r) in resources.enumerated() where state[r.address] == nil { unmatched.append(i) }
        guard !unmatched.isEmpty, resources.count - unmatched.count < state.resources.count else { return Moves() }
        var news: [Key: [Int]] = [:]
        for i in unmatched {
            let r = resources[i]
            guard let key = book.rules(r.platform, r.resourceClass)?.naturalKeyValue(r.attributes) else { continue }
            news[Key(platform: r.platform, resourceClass: r.resourceClass, value: key), default: []].append(i)
        }
        guard !news.isEmpty else { return Moves() }
        let desired = Set(resources.map(\.address))
        var olds: [Key: [Address]] = [:]
        for address in state.addresses where !desired.contains(address) {
            guard let prior = state[address],
                let key = book.rules(prior.platform, prior.resourceClass)?.naturalKeyValue(prior.attributes)
            else { continue }
            olds[Key(platform: prior.platform, resourceClass: prior.resourceClass, value: key), default: []]
                .append(address)
        }
        var moves = Moves()
        var pairs: [(resource: Int, old: Address)] = []
        for (key, indices) in news where indices.count == 1 {
            guard let old = olds[key], old.count == 1 else { continue }
            pairs.append((indices[0], old[0]))
        }
        for pair in pairs {
            moves.from[resources[pair.resource].address] = pair.old
            moves.renamed[pair.old] = resources[pair.resource].address
        }
        moves.dropReplacements(pairs, input, book)
        return moves
    }

    /// Leaves out the pairs whose object would have to be replaced anyway, until none is left (a pair left out may
    /// make another one's reference a real change).
    private mutating func dropReplacements(_ pairs: [(resource: Int, old: Address)], _ input: PlanInput, _ book: RuleBook) {
        var remaining = pairs
        var dropped = true
        while dropped && !remaining.isEmpty {
            dropped = false
            remaining.removeAll { pair in
                let r = input.manifests.resources[pair.resource]
                guard let prior = input.state[pair.old] else { return true }
                let change = Planner.diff(
                    r, r.attributes, rules: book.rules(r.platform, r.resourceClass),
                    fingerprints: input.fingerprints[r.address] ?? [:], prior: prior,
                    compareSecrets: input.compareSecrets, renamed: renamed)
                guard change.action == .replace else { return false }
                from[r.address] = nil
                renamed[pair.old] = nil
                dropped = true
                return true
            }
        }
    }

    /// True when a reference field at `path` of a resource of `kind` changed only because what it names was renamed
    /// (`before` with the renamed names put in is `after`).
    static func renamesOnly(
        _ path: String, kind: Kind, before: Value?, after: Value?, renamed: [Address: Address]
    ) -> Bool {
        guard !renamed.isEmpty, let before, let after,
            let target = kind.referenceFields.first(where: { $0.field.path == path })?.kind
        else { return false }
        func rename(_ v: Value) -> Value {
            switch v {
            case .string(let name): .string(renamed[Address(target, name)]?.name ?? name)
            case .list(let list): .list(list.map(rename))
            default: v
            }
        }
        return rename(before) == after
    }
}

extension Planner {
    /// Gives every change that refers to a replaced resource (and is not replaced or created itself) the replaced
    /// addresses to re-link (`PlannedChange.relinks`): an unchanged one becomes an update. Its reference edge already
    /// orders it after the replacement's create.
    static func addRelinks(_ draft: inout PlanDraft) {
        var replaced = Set<Address>()
        draft.changes.withUnsafeBufferPointer { buf in
            for i in buf.indices where buf[i].action == .replace { replaced.insert(buf[i].address) }
        }
        guard !replaced.isEmpty else { return }
        var found: [(Int, [Address])] = []
        draft.changes.withUnsafeBufferPointer { buf in
            for i in buf.indices where buf[i].action == .noop || buf[i].action.changesInPlace {
                let relinks = draft.edges.references[i].filter(replaced.contains)
                if !relinks.isEmpty { found.append((i, relinks)) }
            }
        }
        for (i, relinks) in found {
            draft.changes[i].relinks = relinks
            if draft.changes[i].action == .noop { draft.changes[i].action = .update }
        }
    }
}
