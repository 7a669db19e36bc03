import Foundation
import SwitchboardWorkspace
import Reconciler
import SwitchboardModel

extension Command {
    /// `switchboard history [--format text|json]` and `history show ID`.
    public static let history = Command(
        name: "history",
        summary: "List the append-only record of applies: who, when, from which plan, with what result.",
        usage: "[--dir DIR] [--format text|json] | show ID",
        options: [.dir, .envFile, .format(["text", "json"])],
        subcommands: [historyShow],
        run: { inv in
            let records = try await inv.stateStore().history()
            if inv.arguments.value("format") == "json" {
                inv.console.write(HistoryRenderer.json(records))
            } else {
                inv.console.write(HistoryRenderer.text(records))
            }
            return ExitCode.success
        })

    static let historyShow = Command(
        name: "show", summary: "Show one history record with every change's outcome.",
        usage: "ID [--dir DIR] [--format text|json]",
        arguments: [CommandArgument("ID", help: "A record id (a unique prefix is enough).")],
        options: [.dir, .envFile, .format(["text", "json"])],
        run: { inv in
            let id = inv.arguments.positional(0) ?? ""
            let matches = try await inv.stateStore().history().filter { $0.id.hasPrefix(id) }
            guard matches.count == 1, let record = matches.first else {
                throw CommandFailure(matches.isEmpty ? "no history record '\(id)'" : "'\(id)' matches \(matches.count) records; give more of the id")
            }
            inv.console.write(inv.arguments.value("format") == "json" ? HistoryRenderer.json([record]) : HistoryRenderer.detail(record))
            return ExitCode.success
        })
}

/// Renders history records.
public enum HistoryRenderer {
    /// One line per record, oldest first.
    public static func text(_ records: [HistoryRecord]) -> String {
        guard !records.isEmpty else { return "No history yet.\n" }
        var out = ""
        for r in records {
            let counts = Dictionary(grouping: r.changes, by: \.outcome).mapValues(\.count)
                .sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            out += "\(r.id.prefix(8))  \(r.time)  \(r.user)@\(r.host)  \(r.event)  \(r.result)"
            if !counts.isEmpty { out += "  (\(counts))" }
            if let m = r.message { out += "  \(m)" }
            out += "\n"
        }
        return out
    }

    /// Every field of one record.
    public static func detail(_ r: HistoryRecord) -> String {
        var out = "id:              \(r.id)\ntime:            \(r.time)\nuser:            \(r.user)@\(r.host)\n"
        out += "event:           \(r.event)\nresult:          \(r.result)\n"
        if let m = r.message { out += "message:         \(m)\n" }
        if let c = r.planChecksum { out += "plan checksum:   \(c)\n" }
        if let d = r.manifestDigest { out += "manifest digest: \(d)\n" }
        out += "git commit:      \(r.commit ?? "(none)")\n"
        out += "accepted:        \(r.accepted.isEmpty ? "(nothing)" : r.accepted.joined(separator: " "))\n"
        if !r.changes.isEmpty {
            out += "changes:\n"
            for c in r.changes {
                out += "  \(c.action.symbol) \(c.address)  \(c.outcome)"
                if let ms = c.elapsedMs { out += String(format: " (%.1fs)", Double(ms) / 1000) }
                if let e = c.error { out += ": \(e)" }
                out += "\n"
            }
        }
        return out
    }

    /// JSON array of records (keys sorted).
    public static func json(_ records: [HistoryRecord]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(records)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
