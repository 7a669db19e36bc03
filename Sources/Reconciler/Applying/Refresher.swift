import Foundation
import SwitchboardModel

/// A managed object that changed or disappeared outside Switchboard.
public struct DriftItem: Hashable, Sendable, Codable {
    public var address: Address
    /// `changed` or `missing`.
    public var kind: Kind
    /// Field, the value state recorded (before) and the value the platform has now (after).
    public var fields: [FieldChange]

    public init(address: Address, kind: Kind, fields: [FieldChange] = []) {
        self.address = address
        self.kind = kind
        self.fields = fields
    }
}

extension DriftItem {
    /// How a managed object drifted.
    public enum Kind: String, Hashable, Sendable, Codable, CustomStringConvertible {
        /// Fields differ from what state recorded.
        case changed
        /// The object no longer exists on its platform.
        case missing

        public var description: String { rawValue }
    }
}

/// Reads managed objects from their platforms: resolves unknown outcomes and detects drift.
public struct Refresher: Sendable {
    public var platforms: [String: any Platform]
    /// The companion work to check for drift (a number's webhook changed at its carrier); none when nil.
    public var companions: Companions?

    public init(platforms: [String: any Platform], companions: Companions? = nil) {
        self.platforms = platforms
        self.companions = companions
    }

    /// Resolves intents left by an apply that died between a mutation and its state write: an object that
    /// exists (found by its natural key) is adopted into state; one that does not is forgotten; of several under
    /// one key none is adopted (the plan reports them: `Discovery`). The intents are cleared. Returns the resolved
    /// snapshot and a line per resolution.
    public func resolveIntents(_ state: StateSnapshot, desired: [Address: Resource]) async throws -> (StateSnapshot, [String]) {
        var s = state
        var notes: [String] = []
        for (key, intent) in state.intents.sorted(by: { $0.key < $1.key }) {
            guard let platform = platforms[intent.platform] else { continue }
            let address = intent.address
            switch intent.operation {
            case .create, .replaceCreate:
                var found: [RemoteObject] = []
                if let r = desired[address] { found = try await platform.findAll(r) }
                if found.count > 1 {
                    notes.append(
                        "\(address): the interrupted \(intent.operation) may have happened, but \(found.count) objects "
                            + "have its natural key '\(intent.naturalKey)'; none was adopted")
                } else if let r = desired[address], let remote = found.first {
                    s[address] = ResourceState(
                        kind: address.kind, name: address.name, platform: intent.platform, remoteId: remote.remoteId,
                        status: remote.status, attributes: remote.attributes.isEmpty ? r.attributes : remote.attributes,
                        fingerprints: intent.fingerprints ?? [:], outputs: remote.outputs, dependencies: r.references,
                        protect: r.protect,
                        labels: r.labels, createdAt: intent.startedAt,
                        activatedAt: remote.status == .active ? intent.startedAt : nil, updatedAt: intent.startedAt)
                    notes.append("\(address): the interrupted \(intent.operation) did happen; adopted \(remote.remoteId) by its natural key '\(intent.naturalKey)'")
                } else {
                    if intent.operation == .replaceCreate { s[address] = nil }
                    notes.append("\(address): the interrupted \(intent.operation) did not happen; it will be planned again")
                }
            case .delete, .replaceDelete:
                if let prior = state[address] {
                    if try await platform.read(prior) == nil {
                        s[address] = nil
                        notes.append("\(address): the interrupted delete did happen; removed from state")
                    } else {
                        notes.append("\(address): the interrupted delete did not happen; it will be planned again")
                    }
                }
            case .update, .activate:
                // An interrupted update: take what the platform has, so the next plan re-applies any difference.
                if let prior = state[address], let remote = try await platform.read(prior) {
                    var p = prior
                    p.attributes = remote.attributes.isEmpty ? prior.attributes : remote.attributes
                    p.status = remote.status
                    // A secret the update was not changing is still the one state recorded; one it was changing is
                    // unknown, so the next plan sends it again. (Forgetting them all would replace every object with
                    // a secret that forces replacement.)
                    p.fingerprints = intent.fingerprints.map { planned in
                        prior.fingerprints.filter { planned[$0.key] == $0.value }
                    } ?? [:]
                    s[address] = p
                    notes.append("\(address): the interrupted \(intent.operation) was re-read from the platform")
                } else if state[address] != nil {
                    s[address] = nil
                    notes.append("\(address): no longer exists on the platform; removed from state")
                }
            }
            s.intents[key] = nil
        }
        return (s, notes)
    }

    /// Reads every managed object (by listing each kind once per platform, `observe`) and compares it with state.
    /// Returns the refreshed snapshot (what the platform has, so a plan corrects drift) and the drift found.
    public func refresh(_ state: StateSnapshot) async throws -> (StateSnapshot, [DriftItem]) {
        var s = state
        var drift: [DriftItem] = []
        let observed = try await observe(state)
        for address in state.addresses {
            guard let prior = state[address], platforms[prior.platform] != nil else { continue }
            guard let remote = observed[address] ?? nil else {
                drift.append(DriftItem(address: address, kind: .missing))
                s[address] = nil
                continue
            }
            let before = Planner.flatten(prior.attributes)
            let after = Planner.flatten(remote.attributes)
            var fields: [FieldChange] = []
            for path in before.keys.sorted() where after[path] != nil && after[path] != before[path] {
                fields.append(FieldChange(path: path, before: before[path], after: after[path]))
            }
            if !fields.isEmpty {
                drift.append(DriftItem(address: address, kind: .changed, fields: fields))
                var p = prior
                for (k, v) in remote.attributes where prior.attributes[k] != nil { p.attributes[k] = v }
                s[address] = p
            }
            if remote.status != prior.status {
                var p = s[address] ?? prior
                p.status = remote.status
                s[address] = p
            }
        }
        try await refreshCompanions(&s, &drift)
        return (s, drift)
    }

    /// Reads the subject of every companion record that should point at its value: one that no longer does drifted
    /// (named by the resource it is for), and its record says so, so the next plan points it again.
    func refreshCompanions(_ s: inout StateSnapshot, _ drift: inout [DriftItem]) async throws {
        guard let companions else { return }
        for (key, record) in s.companions.sorted(by: { $0.key < $1.key }) where record.attached {
            guard let address = Address(parsing: key), let platform = try companions.platform(record) else { continue }
            let setting = Planner.companionSetting(companions, record)?.path ?? record.purpose
            let path = "\(record.platformType.rawValue).\(record.subject).\(setting)"
            let now: Value
            do {
                let seen = try await platform.inspect(record.step(address))
                if seen.attached { continue }
                now = seen.current[setting] ?? .null
            } catch let e as PlatformError where e.code == "companion.not-found" {
                now = .null
            }
            drift.append(DriftItem(
                address: address, kind: .changed,
                fields: [FieldChange(path: path, before: .string(record.value), after: now)]))
            var next = record
            next.attached = false
            s.companions[key] = next
        }
    }
}
