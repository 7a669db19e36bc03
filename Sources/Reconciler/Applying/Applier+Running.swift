import Foundation
import SwitchboardModel

extension Applier {
    /// Runs the plan. A failure skips the changes that depend on it (directly or through others) and nothing else:
    /// independent changes go on, and so does the rest of a one-at-a-time queue (DESIGN.md section 5: number
    /// imports into one integration are a queue, not a chain).
    /// - Throws: `ApplyRefusal` before any change; state errors if state cannot be written.
    public func run(state loaded: StateSnapshot) async throws -> ApplyResult {
        var initial = loaded
        // A state that was never written has a lineage of its own process: it takes the plan's.
        if Applier.isNeverWritten(initial) && plan.serial == 0 { initial.lineage = plan.lineage }
        let secrets = try preflight(state: initial)
        // Recorded with the first write: the key of the fingerprints, made again if it changed.
        do {
            initial = try FingerprintUpkeep.apply(
                to: initial, plan: plan, fingerprinter: fingerprinter, secretValue: secretValue
            ).state
        } catch { throw ApplyRefusal.rekey(error) }
        // The state given may differ from the stored one in more than this apply will touch (intents resolved in
        // memory, fingerprints re-keyed, a lineage taken from the plan): the first write is a whole one.
        let keeper = StateKeeper(store: store, snapshot: initial)
        let changes = plan.changes.filter { $0.action != .noop }
        let byAddress = Dictionary(changes.map { ($0.address, $0) }, uniquingKeysWith: { a, _ in a })
        let book = RuleBook(project: plan.project, rules: rules)
        var queues: [Address: SerialKey] = [:]
        for c in changes { queues[c.address] = book.queue(of: c) }
        var progress = Progress(pending: changes, queues: queues)
        await runReady(&progress, byAddress: byAddress, secrets: secrets, keeper: keeper)
        // Left only when the plan's dependencies cannot be met (a cycle, which validation rules out).
        for c in progress.pending {
            let reason = "never started: what it depends on never finished"
            progress.outcomes[c.address] = HistoryChange(
                address: c.address, action: c.action, outcome: .notStarted, error: reason)
            events(.skipped(c, reason))
        }
        let ordered = changes.compactMap { progress.outcomes[$0.address] }
        // Folds the journal of this apply into the state document. A failure loses nothing: the journal stays, and
        // the next command that takes the lock folds it.
        try? await keeper.compact()
        return ApplyResult(
            changes: ordered, result: progress.failed.isEmpty ? .succeeded : .failed, state: await keeper.snapshot,
            retryable: progress.retryable)
    }

    /// Where a run stands: the changes not started yet (in plan order), those finished, and how each ended.
    struct Progress {
        var pending: [PlannedChange]
        /// The one-at-a-time queue of each change that has one.
        var queues: [Address: SerialKey]
        /// Queues with a change running.
        var busy = Set<SerialKey>()
        var done = Set<Address>()
        var failed = Set<Address>()
        /// Failed, or skipped because something they depend on failed.
        var blocked = Set<Address>()
        var retryable = Set<Address>()
        var outcomes: [Address: HistoryChange] = [:]

        init(pending: [PlannedChange], queues: [Address: SerialKey]) {
            self.pending = pending
            self.queues = queues
        }

        /// The position of the next change that may start: its dependencies done, and first of its queue when that
        /// queue is free (a queue runs in plan order).
        func next(among byAddress: [Address: PlannedChange]) -> Int? {
            var waiting = Set<SerialKey>()
            for (i, c) in pending.enumerated() {
                let queue = queues[c.address]
                if let queue, busy.contains(queue) || waiting.contains(queue) { continue }
                if c.dependsOn.allSatisfy({ byAddress[$0] == nil || done.contains($0) }) { return i }
                if let queue { waiting.insert(queue) }
            }
            return nil
        }

        /// Takes every pending change that depends on a blocked one out of the queue, as skipped; returns them with
        /// the failed changes each depends on.
        mutating func skipDependents(_ byAddress: [Address: PlannedChange]) -> [(PlannedChange, [Address])] {
            var skipped: [(PlannedChange, [Address])] = []
            var changed = true
            while changed {
                changed = false
                pending.removeAll { c in
                    guard c.dependsOn.contains(where: blocked.contains) else { return false }
                    blocked.insert(c.address)
                    skipped.append((c, Self.failedCauses(c, byAddress, failed: failed)))
                    changed = true
                    return true
                }
            }
            return skipped
        }

        /// The failed changes `c` depends on, directly or through others, sorted.
        static func failedCauses(
            _ c: PlannedChange, _ byAddress: [Address: PlannedChange], failed: Set<Address>
        ) -> [Address] {
            var seen = Set<Address>()
            var stack = c.dependsOn
            while let a = stack.popLast() {
                guard seen.insert(a).inserted else { continue }
                stack += byAddress[a]?.dependsOn ?? []
            }
            return seen.filter(failed.contains).sorted()
        }
    }

    /// Runs changes as their dependencies finish, at most `parallelism` at once and one per queue, until none is
    /// ready.
    func runReady(
        _ progress: inout Progress, byAddress: [Address: PlannedChange], secrets: [Address: [String: String]],
        keeper: StateKeeper
    ) async {
        await withTaskGroup(of: Finished.self) { group in
            var running = 0
            func launchReady() {
                while running < options.parallelism, let i = progress.next(among: byAddress) {
                    let c = progress.pending.remove(at: i)
                    if let queue = progress.queues[c.address] { progress.busy.insert(queue) }
                    running += 1
                    events(.started(c))
                    let request = secrets[c.address] ?? [:]
                    group.addTask { await self.execute(c, secrets: request, keeper: keeper) }
                }
            }
            launchReady()
            while let finished = await group.next() {
                running -= 1
                let outcome = finished.change
                progress.outcomes[outcome.address] = outcome
                if let queue = progress.queues[outcome.address] { progress.busy.remove(queue) }
                if let c = byAddress[outcome.address] { events(.finished(c, outcome)) }
                if outcome.outcome == .failed {
                    await options.recordOutcome?(outcome)
                    progress.failed.insert(outcome.address)
                    progress.blocked.insert(outcome.address)
                    if finished.retryable { progress.retryable.insert(outcome.address) }
                    for (c, causes) in progress.skipDependents(byAddress) { skip(c, causes: causes, &progress) }
                } else {
                    progress.done.insert(outcome.address)
                }
                launchReady()
            }
        }
    }

    /// Records a change skipped because `causes` failed (said once, in its error: the outcome says `skipped`).
    private func skip(_ c: PlannedChange, causes: [Address], _ progress: inout Progress) {
        let reason = "depends on \(causes.map(\.description).joined(separator: ", ")), which failed"
        progress.outcomes[c.address] = HistoryChange(
            address: c.address, action: c.action, outcome: .skipped, error: reason)
        events(.skipped(c, reason))
    }
}
