import Foundation
import SwitchboardModel

/// How refresh reads what the platforms hold: each kind of each platform is listed once (`Platform.list`, paged by
/// the adapter), and each state entry is matched to a listed object by its remote id, else by its name. An entry the
/// listing does not show (gone, or an object the platform keeps nothing of) is read on its own, and a kind a
/// platform cannot list is read one object at a time; those reads run a few at a time, paced by each adapter's
/// rate limiter. So the requests of a refresh grow with the pages of the listings, not with the objects.
extension Refresher {
    /// How many single reads run at once.
    static let readWidth = 8

    /// What each platform has for every entry of `state`: the object, or nil when it no longer exists.
    /// - Throws: the first `PlatformError` of a listing or a read (other than `list.unsupported`).
    func observe(_ state: StateSnapshot) async throws -> [Address: RemoteObject?] {
        var groups: [String: [Kind: [ResourceState]]] = [:]
        for address in state.addresses {
            guard let prior = state[address], platforms[prior.platform] != nil else { continue }
            groups[prior.platform, default: [:]][prior.kind, default: []].append(prior)
        }
        var observed: [Address: RemoteObject?] = [:]
        var reads: [ResourceState] = []
        for (name, kinds) in groups.sorted(by: { $0.key < $1.key }) {
            guard let platform = platforms[name] else { continue }
            for (kind, entries) in kinds.sorted(by: { $0.key < $1.key }) {
                let listed: [RemoteObject]
                do {
                    listed = try await platform.list(kind: kind)
                } catch let e as PlatformError where e.code == PlatformError.listUnsupportedCode {
                    reads += entries
                    continue
                }
                let matched = Self.match(entries, listed)
                for entry in entries {
                    // What looks drifted in a listing is read on its own before it is reported: a read knows what
                    // state recorded (a list's order the platform does not keep, fields it keeps nowhere).
                    if let remote = matched[entry.address], !Self.differs(entry, remote) {
                        observed[entry.address] = remote
                    } else {
                        reads.append(entry)
                    }
                }
            }
        }
        for (address, remote) in try await read(reads) { observed[address] = remote }
        return observed
    }

    /// Each entry's listed object: the one with its remote id, else the only one with its name (and, for
    /// integrations, its type) that no other entry took by id.
    static func match(_ entries: [ResourceState], _ listed: [RemoteObject]) -> [Address: RemoteObject] {
        var byId: [String: RemoteObject] = [:]
        var byName: [String: [RemoteObject]] = [:]
        for object in listed {
            byId[object.remoteId] = object
            if let name = object.name { byName[name, default: []].append(object) }
        }
        var out: [Address: RemoteObject] = [:]
        var taken: Set<String> = []
        for entry in entries where !entry.remoteId.isEmpty {
            if let object = byId[entry.remoteId] {
                out[entry.address] = object
                taken.insert(object.remoteId)
            }
        }
        for entry in entries where out[entry.address] == nil {
            let type = entry.attributes[.type]
            let candidates = (byName[entry.name] ?? []).filter {
                !taken.contains($0.remoteId) && (type == nil || $0.attributes[.type] == nil || $0.attributes[.type] == type)
            }
            if candidates.count == 1, let object = candidates.first {
                out[entry.address] = object
                taken.insert(object.remoteId)
            }
        }
        return out
    }

    /// True when `remote` shows a field or status other than state's `entry` (the fields both have).
    static func differs(_ entry: ResourceState, _ remote: RemoteObject) -> Bool {
        if remote.status != entry.status { return true }
        let before = Planner.flatten(entry.attributes)
        let after = Planner.flatten(remote.attributes)
        return before.contains { path, value in after[path].map { $0 != value } ?? false }
    }

    /// Reads `entries` one at a time each, at most `readWidth` at once.
    /// - Throws: the first read's `PlatformError`.
    func read(_ entries: [ResourceState]) async throws -> [Address: RemoteObject?] {
        let platforms = self.platforms
        return try await withThrowingTaskGroup(of: (Address, RemoteObject?).self) { group in
            var out: [Address: RemoteObject?] = [:]
            var next = entries.makeIterator()
            func start() {
                guard let entry = next.next(), let platform = platforms[entry.platform] else { return }
                group.addTask { (entry.address, try await platform.read(entry)) }
            }
            for _ in 0..<Self.readWidth { start() }
            while let (address, remote) = try await group.next() {
                out[address] = remote
                start()
            }
            return out
        }
    }
}
