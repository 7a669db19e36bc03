import SwitchboardModel

extension Applier {
    /// Adopts the object an `import` found (`c.prior`): records it in state with no call to the platform, then, when
    /// the plan has field updates that make it match the manifests (or finish it), applies them as an update of the
    /// adopted object. A failed update leaves the object adopted: the next plan shows the update again, not an import.
    /// - Throws: the update's platform error; state errors.
    func adopt(
        _ c: PlannedChange, platform: any Platform, secrets: [String: String], keeper: StateKeeper, done: Completion
    ) async throws -> HistoryChange.Outcome {
        guard c.desired != nil, var adopted = c.prior else { return .succeeded }
        let now = iso(clock())
        adopted.updatedAt = now
        if adopted.status == .active { adopted.activatedAt = adopted.activatedAt ?? now }
        guard !c.fields.isEmpty || !c.relinks.isEmpty else {
            adopted.fingerprints = c.fingerprints
            await done(.succeeded)
            try await keeper.finish(c.address, state: adopted)
            return .succeeded
        }
        try await keeper.finish(c.address, state: adopted)
        var change = c
        change.prior = adopted
        change.action = .update
        return try await update(change, platform: platform, secrets: secrets, keeper: keeper, done: done)
    }
}
