import SwitchboardModel

/// Closes the history records of applies whose process died (DESIGN.md section 4): a record still `running` when a
/// command takes the lock can only be such a one, since an apply writes it under the lock. It is closed as
/// `interrupted`, with the outcomes recorded as its changes happened; a change whose intent this apply wrote is
/// still in state was under way (`interrupted`), the others it lists never started.
public enum InterruptedApplies {
    /// Closes every `running` apply record of `store`. Call with the lock held.
    /// - Parameter command: the command that took the lock, named in each closed record's message.
    /// - Returns: the records as closed.
    /// - Throws: what reading history or state, or writing history, throws.
    @discardableResult
    public static func close(in store: some StateStore, by command: String) async throws -> [HistoryRecord] {
        let open = try await store.runningHistory().filter { $0.event == .apply }
        guard !open.isEmpty else { return [] }
        let intents = try await store.load().intents
        var closed: [HistoryRecord] = []
        for record in open {
            let done = record.closedAsInterrupted(intents: intents, closedBy: command)
            try await store.appendHistory(done)
            closed.append(done)
        }
        return closed
    }
}
