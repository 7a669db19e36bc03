import Foundation
import SwitchboardModel

/// History in `switchboard_history`, one row per record (a record written again under its id replaces its row), and
/// the change outcomes of a `running` apply in `switchboard_history_changes` until its result is written.
extension PostgresStateStore {
    /// Appends a history record; a record with an id already stored replaces it (an apply writes its record as
    /// it goes, keeping its place). A record that is not `running` ends the change outcomes recorded for its id, in
    /// the same statement.
    /// - Throws: `StateError.backend` when the server fails.
    public func appendHistory(_ record: HistoryRecord) async throws {
        try insertHistory(record, on: try db())
    }

    func insertHistory(_ record: HistoryRecord, on conn: PGConnection) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(record), as: UTF8.self)
        let result = conn.execDetailed(
            """
            WITH ended AS (
                DELETE FROM switchboard_history_changes
                WHERE workspace = $2 AND history_id = $1 AND $5::text <> 'running')
            INSERT INTO switchboard_history (id, workspace, time, record)
            VALUES ($1, $2, coalesce(nullif($3, '')::timestamptz, now()), $4::jsonb)
            ON CONFLICT (id) DO UPDATE SET record = excluded.record WHERE switchboard_history.workspace = $2
            """,
            params: [record.id, workspace, record.time, json, record.result.rawValue])
        if case .failure(let error) = result {
            if error.connectionLost, conn === connection { connection = nil }
            throw StateError.backend("writing history failed for \(describe): \(error.description)")
        }
    }

    /// Records one change outcome of the `running` record `id`: a row of `switchboard_history_changes`.
    /// - Throws: `StateError.backend` when the server fails.
    public func appendHistoryChange(_ change: HistoryChange, record id: String) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(change), as: UTF8.self)
        try run(
            "INSERT INTO switchboard_history_changes (workspace, history_id, change) VALUES ($1, $2, $3::jsonb)",
            [workspace, id, json], doing: "writing history")
    }

    /// The workspace's `running` records, with the change outcomes recorded for them.
    /// - Throws: `StateError.backend` when the server fails, `StateError.corrupt` for a record that does not decode.
    public func runningHistory() async throws -> [HistoryRecord] {
        let rows = try run(
            "SELECT record::text FROM switchboard_history WHERE workspace = $1 AND record->>'result' = 'running' "
                + "ORDER BY time, seq", [workspace], doing: "reading history")
        let records = try decodeRecords(rows)
        return records.isEmpty ? [] : try withOutcomes(records)
    }

    /// The workspace's history, oldest first; a `running` record carries the change outcomes recorded for it.
    /// - Throws: `StateError.backend` when the server fails, `StateError.corrupt` for a record that does not decode.
    public func history() async throws -> [HistoryRecord] {
        let rows = try run(
            "SELECT record::text FROM switchboard_history WHERE workspace = $1 ORDER BY time, seq", [workspace],
            doing: "reading history")
        let records = try decodeRecords(rows)
        return records.contains { $0.result == .running } ? try withOutcomes(records) : records
    }

    private func decodeRecords(_ rows: PGResult) throws -> [HistoryRecord] {
        let decoder = JSONDecoder()
        return try rows.rows.map { row in
            do {
                return try decoder.decode(HistoryRecord.self, from: Data((row.first.flatMap { $0 } ?? "").utf8))
            } catch {
                throw StateError.corrupt("a history record of workspace '\(workspace)' does not decode: \(error)")
            }
        }
    }

    /// `records` with the outcomes recorded for the `running` ones laid over their changes.
    private func withOutcomes(_ records: [HistoryRecord]) throws -> [HistoryRecord] {
        let rows = try run(
            "SELECT history_id, change::text FROM switchboard_history_changes WHERE workspace = $1 ORDER BY seq",
            [workspace], doing: "reading history")
        let decoder = JSONDecoder()
        var outcomes: [String: [HistoryChange]] = [:]
        for row in rows.rows.indices {
            guard let id = rows.value(row, 0), let text = rows.value(row, 1) else { continue }
            do {
                outcomes[id, default: []].append(try decoder.decode(HistoryChange.self, from: Data(text.utf8)))
            } catch {
                throw StateError.corrupt("a change outcome of workspace '\(workspace)' does not decode: \(error)")
            }
        }
        return records.map { $0.result == .running ? $0.with(outcomes: outcomes[$0.id] ?? []) : $0 }
    }
}
