import Foundation
import SwitchboardModel

/// Pure operations on a state snapshot behind `switchboard state list|show|rm|unprotect`, and their text
/// renderings. Loading, locking and saving are the caller's job.
public enum StateOps {
    /// One line of `state list`.
    public struct Entry: Hashable, Sendable, Codable {
        public var address: Address
        public var platform: String
        public var status: ResourceStatus
        public var remoteId: String
        public var protect: Bool

        /// Creates an entry.
        public init(address: Address, platform: String, status: ResourceStatus, remoteId: String, protect: Bool) {
            self.address = address
            self.platform = platform
            self.status = status
            self.remoteId = remoteId
            self.protect = protect
        }
    }

    /// What `rm` did.
    public struct Removal: Hashable, Sendable {
        /// The state without the address (and without any intent recorded for it).
        public var snapshot: StateSnapshot
        /// What was removed.
        public var removed: ResourceState
        /// Managed resources that still depend on the removed one, sorted.
        public var dependents: [Address]
    }

    /// Why an operation could not run.
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// The address is not in state; `suggestion` is the nearest managed address, if close.
        case notManaged(Address, suggestion: Address?)

        public var description: String {
            switch self {
            case .notManaged(let address, let suggestion):
                "'\(address)' is not in state" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
            }
        }
    }

    // MARK: - Operations

    /// Every managed resource, sorted by address.
    public static func list(_ snapshot: StateSnapshot) -> [Entry] {
        snapshot.addresses.compactMap { address in
            snapshot[address].map {
                Entry(address: address, platform: $0.platform, status: $0.status, remoteId: $0.remoteId,
                    protect: $0.protect)
            }
        }
    }

    /// The resource at `address`.
    /// - Throws: `Failure.notManaged` (with a suggestion) when it is not in state.
    public static func resource(_ snapshot: StateSnapshot, _ address: Address) throws -> ResourceState {
        guard let resource = snapshot[address] else {
            throw Failure.notManaged(address, suggestion: nearest(address, in: snapshot.addresses))
        }
        return resource
    }

    /// Forgets `address`: the object stays on its platform, Switchboard stops managing it.
    /// - Throws: `Failure.notManaged` when it is not in state.
    public static func remove(_ snapshot: StateSnapshot, _ address: Address) throws -> Removal {
        let removed = try resource(snapshot, address)
        var next = snapshot
        next[address] = nil
        next.intents[address.description] = nil
        let dependents = next.addresses.filter { next[$0]?.dependencies.contains(address) == true }
        return Removal(snapshot: next, removed: removed, dependents: dependents)
    }

    /// Clears `protect` on `address`, so deleting its manifest deletes it; `changed` is false when it was
    /// not protected.
    /// - Throws: `Failure.notManaged` when it is not in state.
    public static func unprotect(_ snapshot: StateSnapshot, _ address: Address) throws -> (
        snapshot: StateSnapshot, changed: Bool
    ) {
        var resource = try resource(snapshot, address)
        guard resource.protect else { return (snapshot, false) }
        resource.protect = false
        var next = snapshot
        next[address] = resource
        return (next, true)
    }

    /// Intents left by a run that did not record their outcome, sorted by address.
    public static func unresolvedIntents(_ snapshot: StateSnapshot) -> [Intent] {
        snapshot.intents.values.sorted { $0.address < $1.address }
    }

    // MARK: - Rendering

    /// `state list` text: one aligned row per resource, then a count.
    public static func renderList(_ snapshot: StateSnapshot) -> String {
        let entries = list(snapshot)
        guard !entries.isEmpty else {
            return "No resources in state (lineage \(snapshot.lineage), serial \(snapshot.serial)).\n"
        }
        let header = ["ADDRESS", "PLATFORM", "STATUS", "REMOTE ID", ""]
        let rows = entries.map {
            [$0.address.description, $0.platform, $0.status.rawValue, $0.remoteId, $0.protect ? "protected" : ""]
        }
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }
            var text = padded.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        var out = line(header) + "\n"
        for row in rows { out += line(row) + "\n" }
        out += "\n\(entries.count) resource\(entries.count == 1 ? "" : "s")"
        out += " (lineage \(snapshot.lineage), serial \(snapshot.serial))\n"
        let intents = unresolvedIntents(snapshot)
        if !intents.isEmpty {
            out += "\(intents.count) change\(intents.count == 1 ? "" : "s") with an unknown outcome "
            out += "(the next plan resolves them by reading the platform):\n"
            for intent in intents {
                out += "  \(intent.operation) \(intent.address) (\(intent.naturalKey)), started \(intent.startedAt)\n"
            }
        }
        return out
    }

    /// `state show ADDR` text: the fields, then attributes and outputs as JSON, then fingerprints.
    /// - Throws: `Failure.notManaged` when the address is not in state.
    public static func renderShow(_ snapshot: StateSnapshot, _ address: Address) throws -> String {
        let r = try resource(snapshot, address)
        var out = "# \(address)\n"
        var fields: [(String, String)] = [
            ("platform", r.platform), ("remote id", r.remoteId), ("status", r.status.rawValue),
            ("protect", r.protect ? "true" : "false"),
        ]
        if let v = r.createdAt { fields.append(("created at", v)) }
        if let v = r.activatedAt { fields.append(("activated at", v)) }
        if let v = r.updatedAt { fields.append(("updated at", v)) }
        if !r.dependencies.isEmpty {
            fields.append(("depends on", r.dependencies.map(\.description).joined(separator: ", ")))
        }
        for (key, value) in r.labels.sorted(by: { $0.key < $1.key }) { fields.append(("label \(key)", value)) }
        let width = fields.map(\.0.count).max() ?? 0
        for (key, value) in fields {
            out += (key + ":").padding(toLength: width + 1, withPad: " ", startingAt: 0) + " " + value + "\n"
        }
        let attributes = redacted(r)
        for (title, values) in [("attributes", attributes), ("outputs", r.outputs)] where !values.isEmpty {
            out += "\n\(title):\n"
            for key in values.keys.sorted() {
                if let value = values[key] { out += "  \(key) = \(value.display)\n" }
            }
        }
        if !r.fingerprints.isEmpty {
            out += "\nsecrets (fingerprints only; values are never stored):\n"
            for key in r.fingerprints.keys.sorted() {
                if let fingerprint = r.fingerprints[key] { out += "  \(key) = \(fingerprint)\n" }
            }
        }
        if let intent = snapshot.intents[address.description] {
            out += "\nunknown outcome: \(intent.operation) started \(intent.startedAt) by apply \(intent.applyId)\n"
        }
        return out
    }

    /// The stored record as JSON (what `state show` prints as JSON), pretty-printed with sorted keys.
    /// - Throws: `Failure.notManaged` when the address is not in state.
    public static func showJSON(_ snapshot: StateSnapshot, _ address: Address) throws -> String {
        var r = try resource(snapshot, address)
        r.attributes = redacted(r)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(r)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: - Helpers

    /// Attributes with any key that also has a fingerprint shown as `(sensitive)`: state should never hold
    /// such a value, and showing it would print a secret.
    static func redacted(_ r: ResourceState) -> [String: Value] {
        var attributes = r.attributes
        for key in r.fingerprints.keys {
            let top = String(key.split(separator: ".").first ?? Substring(key))
            if attributes[key] != nil { attributes[key] = .string("(sensitive)") }
            if top != key, attributes[top] != nil, case .object = attributes[top] {
                attributes[top] = redact(path: key.split(separator: ".").dropFirst().map(String.init),
                    in: attributes[top] ?? .null)
            }
        }
        return attributes
    }

    private static func redact(path: [String], in value: Value) -> Value {
        guard let head = path.first, case .object(var object) = value, let inner = object[head] else { return value }
        object[head] = path.count == 1 ? .string("(sensitive)") : redact(path: Array(path.dropFirst()), in: inner)
        return .object(object)
    }

    /// The managed address closest to `address` (edit distance below 3, case ignored), if any.
    static func nearest(_ address: Address, in candidates: [Address]) -> Address? {
        EditDistance.nearest(to: address.description.lowercased(), among: candidates) { $0.description.lowercased() }
    }
}
