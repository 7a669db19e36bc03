/// How a history record takes in the outcomes recorded while its apply ran, and how a record left `running` by a
/// process that died is closed (DESIGN.md section 4: "Each change's outcome is recorded as it happens").
extension HistoryRecord {
    /// `records` as history reads them, in order: a record written again under its id (an apply's `running` record,
    /// then its result) supersedes the earlier one, in the earlier one's place.
    public static func superseding(_ records: [HistoryRecord]) -> [HistoryRecord] {
        var position: [String: Int] = [:]
        var latest: [HistoryRecord] = []
        for r in records {
            if let i = position[r.id] {
                latest[i] = r
            } else {
                position[r.id] = latest.count
                latest.append(r)
            }
        }
        return latest
    }

    /// The record with `outcomes` laid over its changes, by address (the last outcome of an address wins); an
    /// outcome for an address the record does not list is added at the end.
    public func with(outcomes: [HistoryChange]) -> HistoryRecord {
        guard !outcomes.isEmpty else { return self }
        var record = self
        var position: [Address: Int] = [:]
        for (i, change) in record.changes.enumerated() where position[change.address] == nil {
            position[change.address] = i
        }
        for outcome in outcomes {
            if let i = position[outcome.address] {
                record.changes[i] = outcome
            } else {
                position[outcome.address] = record.changes.count
                record.changes.append(outcome)
            }
        }
        return record
    }

    /// A `running` record (with the outcomes recorded for it) closed as `interrupted`: a change still `pending`
    /// whose intent (written by this apply, `intents` by address text) is still in state was under way when the
    /// process died (`interrupted`); one without an intent never started (`not-started`).
    /// - Parameter closedBy: what closed it, for the message (`apply`, `state rm Number/x`).
    public func closedAsInterrupted(intents: [String: Intent], closedBy: String) -> HistoryRecord {
        var record = self
        record.result = .interrupted
        for i in record.changes.indices where record.changes[i].outcome == .pending {
            let change = record.changes[i]
            if let intent = intents[change.address.description], intent.applyId == id {
                record.changes[i].outcome = .interrupted
                record.changes[i].error =
                    "under way when the apply stopped (\(intent.operation)); the next plan reads the platform to "
                    + "learn whether it happened"
            } else {
                record.changes[i].outcome = .notStarted
                record.changes[i].error = "not started: the apply stopped"
            }
        }
        let done = record.changes.filter { $0.outcome.isDone }.count
        record.message =
            "the apply stopped before it finished (its process ended); \(done) of \(record.changes.count) "
            + "changes completed; closed by '\(closedBy)'"
        return record
    }
}
