import Foundation
import SwitchboardModel

/// Everything the planner needs; the planner itself does no I/O.
public struct PlanInput: Sendable {
    public var manifests: ManifestSet
    public var state: StateSnapshot
    /// The rules of each platform type, from the platforms' descriptors: what forces replacement, natural keys,
    /// activation, ordering constraints, findings.
    public var rules: [PlatformType: PlatformRules]
    /// Desired secret fingerprints per address (path -> `hmac-sha256:...`), computed by the caller.
    public var fingerprints: [Address: [String: String]]
    /// False when state's fingerprints were made under another key than `fingerprints` (the key changed): secrets
    /// cannot be compared, and are treated as unchanged (never rotated, never a replacement).
    public var compareSecrets: Bool
    /// The instant the plan is made (expiry findings depend on it).
    public var now: Date
    public var commit: String?
    /// Objects a refreshed plan found on the platforms for desired resources that state does not hold
    /// (`Discovery`): each is imported instead of created; duplicates are errors.
    public var discovered: [Address: Discovered]
    /// True when `state` was refreshed from the platforms first; false when it is stored state only, whose dated
    /// facts the plan then notes (`Plan.stateNotices`).
    public var refreshed: Bool

    public init(
        manifests: ManifestSet, state: StateSnapshot, rules: [PlatformType: PlatformRules],
        fingerprints: [Address: [String: String]] = [:], compareSecrets: Bool = true, now: Date = Date(),
        commit: String? = nil, discovered: [Address: Discovered] = [:], refreshed: Bool = false
    ) {
        self.manifests = manifests
        self.state = state
        self.rules = rules
        self.fingerprints = fingerprints
        self.compareSecrets = compareSecrets
        self.now = now
        self.commit = commit
        self.discovered = discovered
        self.refreshed = refreshed
    }
}

/// The pure planner: desired resources + state snapshot -> ordered changes with findings.
public enum Planner {
    /// Makes a plan. Pure: the same input gives the same plan.
    public static func plan(_ input: PlanInput) -> Plan {
        let book = RuleBook(project: input.manifests.project, rules: input.rules)
        var draft = PlanDraft(capacity: input.manifests.resources.count)
        let matched = draft.addDesired(input, book, moves: Moves.find(input, book))
        // Deletes: state entries no desired resource matched (none when every entry was matched).
        if matched != input.state.resources.count { draft.addDeletes(input) }
        cascadeReplacements(&draft)
        draft.reverseListings()
        addRelinks(&draft)

        var ordered = order(&draft.changes, index: draft.index, edges: draft.edges)
        addCompanionWork(&ordered, input: input)
        var planFindings = addFindings(&ordered, state: input.state, now: input.now, book: book)
        planFindings += duplicateFindings(&ordered, input.discovered)
        let createdAt = ISO8601DateFormatter().string(from: input.now)
        var plan = Plan(
            lineage: input.state.lineage, serial: input.state.serial, changes: ordered, findings: planFindings,
            manifestDigest: input.manifests.digest, commit: input.commit, directory: input.manifests.directory,
            project: input.manifests.project, createdAt: createdAt, refreshed: input.refreshed)
        if !input.refreshed { plan.stateNotices = stateNotices(plan, state: input.state, now: input.now, book: book) }
        plan.checksum = PlanChecksum.compute(plan)
        return plan
    }

    /// Sets each change's findings; returns them all, in plan order.
    static func addFindings(_ ordered: inout [PlannedChange], state: StateSnapshot, now: Date, book: RuleBook) -> [Finding] {
        var planFindings: [Finding] = []
        var found: [(Int, [Finding])] = []
        ordered.withUnsafeBufferPointer { buf in
            for i in buf.indices {
                let findings = Policy.findings(for: buf[i], state: state, now: now, rules: book.rules(for: buf[i]))
                if !findings.isEmpty { found.append((i, findings)) }
            }
        }
        for (i, findings) in found {
            ordered[i].findings = findings
            planFindings += findings
        }
        return planFindings
    }

    /// Fields shown for a create: every attribute, and secrets as sensitive.
    static func creationFields(_ r: Resource, _ attributes: [String: Value]) -> [FieldChange] {
        var fields = flatten(attributes).map { FieldChange(path: $0.key, before: nil, after: $0.value) }
        fields += r.secretFields.keys.map { FieldChange(path: $0, before: nil, after: nil, sensitive: true) }
        return fields.sorted { $0.path < $1.path }
    }

    /// Compares a desired resource (with its `attributes`) with what state holds, under its class's `rules`.
    /// Secrets compare by fingerprint unless `compareSecrets` is false (state's were made under another key). A
    /// reference that changed only because what it names was renamed (`renamed`, old address -> new) is an update of
    /// the name, never a replacement.
    static func diff(
        _ r: Resource, _ attributes: [String: Value], rules: ResourceRules?, fingerprints: [String: String],
        prior: ResourceState, compareSecrets: Bool = true, renamed: [Address: Address] = [:]
    ) -> PlannedChange {
        // An object that should be active but is not yet (awaiting a verification code, or inactive).
        let activates = rules?.activation.map { $0.wanted(attributes) && prior.status != .active } ?? false
        let secretsSame = !compareSecrets || fingerprints == prior.fingerprints
        // Most resources did not change: when nothing that could make a field differ, skip flattening and sorting.
        if r.platform == prior.platform, attributes == prior.attributes, secretsSame,
            r.protect == prior.protect, r.labels == prior.labels, !activates
        {
            return PlannedChange(
                address: r.address, platform: r.platform, action: .noop, desired: r, fingerprints: fingerprints,
                prior: prior)
        }
        var fields: [FieldChange] = []
        if r.platform != prior.platform {
            fields.append(FieldChange(
                path: Field.platform.path, before: .string(prior.platform), after: .string(r.platform),
                forcesReplacement: true))
        }
        fields += attributeChanges(attributes, prior: prior, rules: rules, renamed: renamed)
        if !secretsSame { fields += secretChanges(fingerprints, prior: prior, rules: rules) }
        // Onboarding data of an active object changes nothing: left out here, noted by `settledChangeNotes`.
        if prior.status == .active, let rules, !rules.usedUntilActive.isEmpty {
            fields.removeAll { rules.isUsedUntilActive($0.path) }
        }
        if activates, !fields.contains(where: \.forcesReplacement) {
            // From a failed or stuck activation the platform's advice is to start again: a replacement.
            fields.append(FieldChange(
                path: Field.status.path, before: .string(prior.status.rawValue),
                after: .string(ResourceStatus.active.rawValue),
                forcesReplacement: rules?.activation?.restartFrom.contains(prior.status) ?? false))
        }
        if r.protect != prior.protect {
            fields.append(FieldChange(
                path: Field.metadataProtect.path, before: .bool(prior.protect), after: .bool(r.protect)))
        }
        if r.labels != prior.labels {
            fields.append(FieldChange(
                path: Field.metadataLabels.path, before: labelsValue(prior.labels), after: labelsValue(r.labels)))
        }
        let action: Action =
            fields.isEmpty ? .noop : fields.contains(where: \.forcesReplacement) ? .replace : .update
        return PlannedChange(
            address: r.address, platform: r.platform, action: action, fields: action == .noop ? [] : fields,
            desired: r, fingerprints: fingerprints, prior: prior)
    }

    /// The attributes that differ from what state holds, by flattened path.
    static func attributeChanges(
        _ attributes: [String: Value], prior: ResourceState, rules: ResourceRules?, renamed: [Address: Address] = [:]
    ) -> [FieldChange] {
        let after = flatten(attributes)
        let before = flatten(prior.attributes)
        return Set(after.keys).union(before.keys).sorted().compactMap { path in
            guard after[path] != before[path] else { return nil }
            let forces =
                (rules?.forcesReplacement(path) ?? false) && !completes(before[path])
                && !Moves.renamesOnly(path, kind: prior.kind, before: before[path], after: after[path], renamed: renamed)
            return FieldChange(path: path, before: before[path], after: after[path], forcesReplacement: forces)
        }
    }

    /// The secrets whose fingerprints differ from what state holds (sensitive: no values). Only the secrets the
    /// desired resource fingerprints count: a fingerprint state holds for another path (a one-time onboarding
    /// secret fingerprinted by an earlier version, a secret the resource no longer has) is no change.
    static func secretChanges(
        _ fingerprints: [String: String], prior: ResourceState, rules: ResourceRules?
    ) -> [FieldChange] {
        fingerprints.keys.sorted().compactMap { path in
            guard fingerprints[path] != prior.fingerprints[path] else { return nil }
            return FieldChange(
                path: path, before: nil, after: nil, sensitive: true,
                forcesReplacement: rules?.forcesReplacement(path, active: prior.status == .active) ?? false)
        }
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

    /// A resource that lives through another (a number through its integration) is replaced with it: it must be
    /// created again in the new one.
    static func cascadeReplacements(_ draft: inout PlanDraft) {
        guard !draft.parents.isEmpty else { return }
        let parents = draft.parents
        var replaced = Set<Address>()
        var cascade: [(position: Int, reference: ResourceRules.Reference, name: String)] = []
        draft.changes.withUnsafeBufferPointer { buf in
            for i in buf.indices where buf[i].action == .replace { replaced.insert(buf[i].address) }
            guard !replaced.isEmpty else { return }
            for parent in parents
            where buf[parent.position].action == .noop || buf[parent.position].action.changesInPlace {
                if replaced.contains(Address(parent.reference.kind, parent.name)) { cascade.append(parent) }
            }
        }
        for (i, reference, name) in cascade {
            draft.changes[i].action = .replace
            draft.changes[i].fields.append(FieldChange(
                path: reference.field.path, before: .string(name), after: .string(name), forcesReplacement: true))
        }
    }
}
