import SwitchboardModel

/// What a refreshed plan found on a platform for a desired resource that state does not hold (DESIGN.md section 5,
/// `import`): the one object to adopt, or several under one natural key, which are reported and never adopted at
/// random.
public enum Discovered: Hashable, Sendable {
    /// The object the platform holds under the resource's natural key.
    case object(RemoteObject)
    /// More than one object under the natural key `key` (sorted by remote id).
    case duplicates(key: String, [RemoteObject])
}

extension Planner {
    /// The change that adopts `found` as desired resource `r` (with its `attributes`): an `import` carrying the field
    /// updates that make the object match the manifests (an object found half-finished is completed by them), or a
    /// `replace` of the found object when a field that cannot change in place differs.
    ///
    /// Only what the platform reports is compared: an attribute it does not report is taken as desired. State knows
    /// none of the object's secrets, so every fingerprinted secret is sent again (an update, never a replacement).
    static func importChange(
        _ r: Resource, _ attributes: [String: Value], rules: ResourceRules?, fingerprints: [String: String],
        found: RemoteObject
    ) -> PlannedChange {
        let prior = adoptedState(r, attributes, found)
        var change = diff(r, attributes, rules: rules, fingerprints: fingerprints, prior: prior)
        let secrets = Set(fingerprints.keys)
        for i in change.fields.indices where change.fields[i].sensitive && secrets.contains(change.fields[i].path) {
            change.fields[i].forcesReplacement = false
        }
        change.action = change.fields.contains(where: \.forcesReplacement) ? .replace : .import
        return change
    }

    /// The object as found, in the shape state keeps: the desired attributes with what the platform reports put
    /// over them (a reported `null` stays: the object lacks that field), the desired metadata, no fingerprints.
    static func adoptedState(_ r: Resource, _ attributes: [String: Value], _ found: RemoteObject) -> ResourceState {
        var observed = attributes
        for (key, value) in found.attributes where attributes[key] != nil { observed[key] = value }
        return ResourceState(
            kind: r.kind, name: r.name, platform: r.platform, remoteId: found.remoteId, status: found.status,
            attributes: observed, outputs: found.outputs, dependencies: r.references, protect: r.protect,
            labels: r.labels)
    }

    /// True when a field's recorded value is `null`: the platform reported the object without it (an integration
    /// created but never given its configuration, adopted after a crash). Giving it its value finishes the object in
    /// place, even for a field that cannot otherwise change in place.
    static func completes(_ before: Value?) -> Bool { before == .null }

    /// An error finding for every desired resource whose natural key names several objects on its platform: the plan
    /// cannot be applied until one is left (creating a third, or adopting one at random, would both be wrong).
    static func duplicateFindings(_ ordered: inout [PlannedChange], _ discovered: [Address: Discovered]) -> [Finding] {
        guard !discovered.isEmpty else { return [] }
        var found: [Finding] = []
        for i in ordered.indices {
            guard case .duplicates(let key, let objects)? = discovered[ordered[i].address] else { continue }
            let finding = duplicateFinding(ordered[i].address, platform: ordered[i].platform, key: key, objects)
            ordered[i].findings.append(finding)
            found.append(finding)
        }
        return found
    }

    /// `import.duplicate`: names every object found under the key.
    static func duplicateFinding(_ address: Address, platform: String, key: String, _ objects: [RemoteObject]) -> Finding {
        let ids = objects.map { "'\($0.remoteId)'" }
        return Finding(
            code: "import.duplicate", severity: .error,
            message: "platform '\(platform)' holds \(objects.count) objects with the natural key '\(key)' of \(address) "
                + "(ids \(ids.joined(separator: ", "))); Switchboard adopts none of them at random: delete or rename "
                + "all but one on the platform, then plan again",
            address: address)
    }
}
