import SwitchboardModel

/// Looks on the platforms for the objects that desired resources without state already are (DESIGN.md section 5,
/// `import`): what a refreshed plan adopts instead of creating, and what it reports when a natural key names several.
public struct Discovery: Sendable {
    public var platforms: [String: any Platform]
    /// How many look-ups run at once (each platform's own rate limiter bounds its requests besides).
    public var parallelism: Int

    public init(platforms: [String: any Platform], parallelism: Int = 8) {
        self.platforms = platforms
        self.parallelism = max(1, parallelism)
    }

    /// For every resource of `desired` that `state` does not hold, what its platform holds under its natural key.
    /// An object state already holds under another address is left out (the planner's move finds it there).
    /// - Throws: the first `PlatformError` of a look-up.
    public func discover(_ desired: [Resource], state: StateSnapshot) async throws -> [Address: Discovered] {
        let wanted = desired.filter { state[$0.address] == nil && platforms[$0.platform] != nil }
        guard !wanted.isEmpty else { return [:] }
        var held = Set<String>()
        for address in state.addresses {
            if let s = state[address] { held.insert(s.platform + "\u{0}" + s.remoteId) }
        }
        var found: [Address: Discovered] = [:]
        try await withThrowingTaskGroup(of: (Resource, [RemoteObject]).self) { group in
            var next = 0
            func launch() {
                guard next < wanted.count, let platform = platforms[wanted[next].platform] else { return }
                let r = wanted[next]
                next += 1
                group.addTask { (r, try await platform.findAll(r)) }
            }
            for _ in 0..<min(parallelism, wanted.count) { launch() }
            while let (r, objects) = try await group.next() {
                launch()
                let fresh = objects.filter { !held.contains(r.platform + "\u{0}" + $0.remoteId) }
                if let discovered = Self.judge(fresh, key: objects.first?.naturalKey ?? r.name) {
                    found[r.address] = discovered
                }
            }
        }
        return found
    }

    /// One object is adopted; several under one key are a conflict (sorted by remote id); none is nothing.
    static func judge(_ objects: [RemoteObject], key: String) -> Discovered? {
        switch objects.count {
        case 0: nil
        case 1: .object(objects[0])
        default: .duplicates(key: key, objects.sorted { $0.remoteId < $1.remoteId })
        }
    }
}
