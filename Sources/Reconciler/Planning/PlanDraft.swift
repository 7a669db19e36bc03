import SwitchboardModel

/// A plan's changes before ordering: one per address, where each address's change is, and what ordering and
/// cascading replacements need of each, gathered from the resource at hand.
///
/// Changes are built in place and moved, never copied: a PlannedChange is large and most of a plan's time used to
/// go to copying them; reading references back out of the changes copied every Resource.
struct PlanDraft {
    var changes: [PlannedChange] = []
    /// Position of each address's change.
    var index: [Address: Int] = [:]
    var edges = OrderingInput()
    /// Changes whose resource lives through another (its rules' `replacedWith`), by position: the reference and the
    /// other's name. In position order.
    var parents: [(position: Int, reference: ResourceRules.Reference, name: String)] = []
    /// Changes whose platform keeps the link to their lister on them (their rules' `listedBy`), by position.
    var listed: [(position: Int, reference: ResourceRules.Reference)] = []

    init(capacity: Int) {
        changes.reserveCapacity(capacity)
        index.reserveCapacity(capacity)
        edges.reserveCapacity(capacity)
    }

    /// Adds a change for every desired resource (the first of two with one address wins): a create, a move (`moves`),
    /// an import of what a refreshed plan found, or the diff with what state holds. Returns how many had a state entry
    /// (a move's counts).
    mutating func addDesired(_ input: PlanInput, _ book: RuleBook, moves: Moves) -> Int {
        var matched = 0
        for resource in input.manifests.resources {
            let address = resource.address
            guard index[address] == nil else { continue }
            index[address] = changes.count
            let rules = book.rules(resource.platform, resource.resourceClass)
            let attributes = resource.attributes
            if let reference = rules?.replacedWith, let name = attributes[reference.field]?.stringValue {
                parents.append((changes.count, reference, name))
            }
            if let reference = rules?.listedBy { listed.append((changes.count, reference)) }
            edges.append(references: resource.references)
            let fingerprints = input.fingerprints[address] ?? [:]
            if let prior = input.state[address] {
                matched += 1
                changes.append(
                    Planner.diff(
                        resource, attributes, rules: rules, fingerprints: fingerprints, prior: prior,
                        compareSecrets: input.compareSecrets, renamed: moves.renamed))
            } else if let old = moves.from[address], let prior = input.state[old] {
                matched += 1
                index[old] = changes.count
                var change = Planner.diff(
                    resource, attributes, rules: rules, fingerprints: fingerprints, prior: prior,
                    compareSecrets: input.compareSecrets, renamed: moves.renamed)
                change.action = .move
                change.previousAddress = old
                changes.append(change)
            } else if case .object(let found)? = input.discovered[address] {
                changes.append(
                    Planner.importChange(
                        resource, attributes, rules: rules, fingerprints: fingerprints, found: found))
            } else {
                changes.append(
                    PlannedChange(
                        address: address, platform: resource.platform, action: .create,
                        fields: Planner.creationFields(resource, attributes), desired: resource,
                        fingerprints: fingerprints))
            }
        }
        return matched
    }

    /// Turns the order between each listed change and its listers around: the lister's change first, then the
    /// listed one's (whose platform keeps the link on it).
    mutating func reverseListings() {
        guard !listed.isEmpty else { return }
        var listers: [Kind: [(position: Int, platform: String, attributes: [String: Value])]] = [:]
        for kind in Set(listed.map(\.reference.kind)) {
            listers[kind] = changes.indices.compactMap { i in
                guard changes[i].address.kind == kind, let r = changes[i].desired else { return nil }
                return (i, r.platform, r.attributes)
            }
        }
        for (position, reference) in listed {
            guard let r = changes[position].desired else { continue }
            for lister in listers[reference.kind] ?? [] where lister.platform == r.platform {
                let names = lister.attributes[reference.field]?.listValue ?? []
                guard names.contains(.string(r.name)) else { continue }
                edges.reverse(lister: lister.position, listerAddress: changes[lister.position].address,
                    listed: position, listedAddress: r.address)
            }
        }
    }

    /// Adds a delete for every state entry no desired resource matched.
    mutating func addDeletes(_ input: PlanInput) {
        for address in input.state.addresses where index[address] == nil {
            guard let prior = input.state[address] else { continue }
            index[address] = changes.count
            edges.append(references: [])
            changes.append(
                PlannedChange(
                    address: address, platform: prior.platform, action: .delete,
                    fields: prior.attributes.keys.sorted().map {
                        FieldChange(path: $0, before: prior.attributes[$0], after: nil)
                    }, prior: prior))
        }
    }

    /// The one-at-a-time group of a resource whose rules serialize its changes.
    static func serialKey(_ rules: ResourceRules?, _ kind: Kind, _ attributes: [String: Value]) -> SerialKey? {
        guard let field = rules?.serializedBy, let value = attributes[field]?.stringValue else { return nil }
        return SerialKey(kind: kind, value: value)
    }
}

/// Changes of one kind that share a value of their rules' `serializedBy` field (numbers of one integration).
struct SerialKey: Hashable {
    var kind: Kind
    var value: String
}
