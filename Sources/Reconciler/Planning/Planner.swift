import Foundation
import SwitchboardModel

/// Everything the planner needs; the planner itself does no I/O.
public struct PlanInput: Sendable {
    public var manifests: ManifestSet
    public var state: StateSnapshot
    /// Desired secret fingerprints per address (path -> `hmac-sha256:...`), computed by the caller.
    public var fingerprints: [Address: [String: String]]
    /// The instant the plan is made (expiry findings depend on it).
    public var now: Date
    public var commit: String?

    public init(
        manifests: ManifestSet, state: StateSnapshot, fingerprints: [Address: [String: String]] = [:], now: Date = Date(),
        commit: String? = nil
    ) {
        self.manifests = manifests
        self.state = state
        self.fingerprints = fingerprints
        self.now = now
        self.commit = commit
    }
}

/// The pure planner: desired resources + state snapshot -> ordered changes with findings.
public enum Planner {
    /// Makes a plan. Pure: the same input gives the same plan.
    public static func plan(_ input: PlanInput) -> Plan {
        // One change per address, in an array; `index` finds an address's change. Changes are built in place and
        // moved, never copied: a PlannedChange is large and most of a plan's time used to go to copying them.
        var changes: [PlannedChange] = []
        changes.reserveCapacity(input.manifests.resources.count)
        var index: [Address: Int] = [:]
        index.reserveCapacity(input.manifests.resources.count)
        // What ordering needs of each change, gathered here from the resource at hand (reading it back out of the
        // changes copied every Resource): what it refers to, and for a number the integration it is imported into.
        var edges = OrderingInput()
        edges.reserveCapacity(input.manifests.resources.count)
        var matched = 0
        for resource in input.manifests.resources {
            let address = resource.address
            guard index[address] == nil else { continue }  // the first of two with one address wins
            index[address] = changes.count
            var integration: String?
            if case .number(let spec) = resource.spec { integration = spec.integration }
            edges.append(references: resource.references, integration: integration)
            let fingerprints = input.fingerprints[address] ?? [:]
            if let prior = input.state[address] {
                matched += 1
                changes.append(diff(resource, fingerprints: fingerprints, prior: prior))
            } else {
                changes.append(PlannedChange(
                    address: address, platform: resource.platform, action: .create,
                    fields: creationFields(resource, fingerprints: fingerprints), desired: resource,
                    fingerprints: fingerprints))
            }
        }
        // Deletes: state entries no desired resource matched (none when every entry was matched).
        for address in matched == input.state.resources.count ? [] : input.state.addresses
        where index[address] == nil {
            guard let prior = input.state[address] else { continue }
            index[address] = changes.count
            edges.append(
                references: [],
                integration: address.kind == .number ? prior.attributes["integration"]?.stringValue : nil)
            changes.append(PlannedChange(
                address: address, platform: prior.platform, action: .delete,
                fields: prior.attributes.keys.sorted().map {
                    FieldChange(path: $0, before: prior.attributes[$0], after: nil)
                }, prior: prior))
        }
        cascadeReplacements(&changes)

        var ordered = order(&changes, index: index, edges: edges)
        var planFindings: [Finding] = []
        var found: [(Int, [Finding])] = []
        ordered.withUnsafeBufferPointer { buf in
            for i in buf.indices {
                let findings = Policy.findings(for: buf[i], state: input.state, now: input.now)
                if !findings.isEmpty { found.append((i, findings)) }
            }
        }
        for (i, findings) in found {
            ordered[i].findings = findings
            planFindings += findings
        }
        let createdAt = ISO8601DateFormatter().string(from: input.now)
        var plan = Plan(
            lineage: input.state.lineage, serial: input.state.serial, changes: ordered, findings: planFindings,
            manifestDigest: input.manifests.digest, commit: input.commit, directory: input.manifests.directory,
            project: input.manifests.project, createdAt: createdAt)
        plan.checksum = PlanChecksum.compute(plan)
        return plan
    }

    /// Fields shown for a create: every attribute, and secrets as sensitive.
    static func creationFields(_ r: Resource, fingerprints: [String: String]) -> [FieldChange] {
        var fields = flatten(r.attributes).map { FieldChange(path: $0.key, before: nil, after: $0.value) }
        fields += r.secretFields.keys.map { FieldChange(path: $0, before: nil, after: nil, sensitive: true) }
        return fields.sorted { $0.path < $1.path }
    }

    /// Compares a desired resource with what state holds.
    static func diff(_ r: Resource, fingerprints: [String: String], prior: ResourceState) -> PlannedChange {
        let type = r.integrationType?.rawValue
        var fields: [FieldChange] = []
        if r.platform != prior.platform {
            fields.append(FieldChange(
                path: "platform", before: .string(prior.platform), after: .string(r.platform), forcesReplacement: true))
        }
        let attributes = r.attributes
        let wantsActive = attributes["enabled"]?.boolValue ?? false
        // Most resources did not change: when nothing that could make a field differs, skip flattening and sorting.
        if r.platform == prior.platform, attributes == prior.attributes, fingerprints == prior.fingerprints,
            r.protect == prior.protect, r.labels == prior.labels,
            !(wantsActive && r.kind == .integration && r.integrationType == .whatsapp && prior.status != .active)
        {
            return PlannedChange(
                address: r.address, platform: r.platform, action: .noop, desired: r, fingerprints: fingerprints,
                prior: prior)
        }
        let after = flatten(attributes)
        let before = flatten(prior.attributes)
        for path in Set(after.keys).union(before.keys).sorted() where after[path] != before[path] {
            fields.append(FieldChange(
                path: path, before: before[path], after: after[path],
                forcesReplacement: ReplacementRules.forcesReplacement(kind: r.kind, type: type, path: path)))
        }
        for path in Set(fingerprints.keys).union(prior.fingerprints.keys).sorted()
        where fingerprints[path] != prior.fingerprints[path] {
            fields.append(FieldChange(
                path: path, before: nil, after: nil, sensitive: true,
                forcesReplacement: ReplacementRules.forcesReplacement(
                    kind: r.kind, type: type, path: path, active: prior.status == .active)))
        }
        // An integration that should be active but is not yet (awaiting a verification code, or inactive).
        if wantsActive, r.kind == .integration,
            r.integrationType == .whatsapp, prior.status != .active, !fields.contains(where: \.forcesReplacement)
        {
            fields.append(FieldChange(path: "status", before: .string(prior.status.rawValue), after: .string(ResourceStatus.active.rawValue)))
        }
        if r.protect != prior.protect {
            fields.append(FieldChange(path: "metadata.protect", before: .bool(prior.protect), after: .bool(r.protect)))
        }
        if r.labels != prior.labels {
            fields.append(FieldChange(
                path: "metadata.labels", before: labelsValue(prior.labels), after: labelsValue(r.labels)))
        }
        let action: Action =
            fields.isEmpty ? .noop : fields.contains(where: \.forcesReplacement) ? .replace : .update
        return PlannedChange(
            address: r.address, platform: r.platform, action: action, fields: action == .noop ? [] : fields,
            desired: r, fingerprints: fingerprints, prior: prior)
    }

    static func labelsValue(_ labels: [String: String]) -> Value {
        .object(labels.mapValues(Value.string))
    }

    /// Flattens nested objects into dotted paths; lists stay whole.
    public static func flatten(_ attributes: [String: Value]) -> [String: Value] {
        var out: [String: Value] = [:]
        func walk(_ prefix: String, _ v: Value) {
            if case .object(let o) = v, !o.isEmpty {
                for (k, child) in o { walk(prefix + "." + k, child) }
            } else {
                out[prefix] = v
            }
        }
        for (k, v) in attributes { walk(k, v) }
        return out
    }

    /// When an integration is replaced, the numbers imported through it go with it: they must be imported again.
    static func cascadeReplacements(_ changes: inout [PlannedChange]) {
        var replaced = Set<Address>()
        var cascade: [(Int, String)] = []
        changes.withUnsafeBufferPointer { buf in
            for i in buf.indices where buf[i].action == .replace && buf[i].address.kind == .integration {
                replaced.insert(buf[i].address)
            }
            guard !replaced.isEmpty else { return }
            for i in buf.indices
            where buf[i].address.kind == .number && (buf[i].action == .noop || buf[i].action == .update) {
                guard case .number(let spec)? = buf[i].desired?.spec,
                    replaced.contains(Address(.integration, spec.integration))
                else { continue }
                cascade.append((i, spec.integration))
            }
        }
        for (i, integration) in cascade {
            changes[i].action = .replace
            changes[i].fields.append(FieldChange(
                path: "integration", before: .string(integration), after: .string(integration),
                forcesReplacement: true))
        }
    }
}
