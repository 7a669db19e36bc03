import Foundation
import SwitchboardModel

/// Plain-text renderings of the sandbox for `switchboard sandbox outbox`, `ledger` and `fault list`.
public enum SandboxReport {
    /// The verification codes sent, oldest first, with whether each is still valid at `now` (the sandbox's now).
    public static func outbox(_ world: SandboxWorld, now: Date) -> String {
        guard !world.outbox.isEmpty else { return "The sandbox outbox is empty.\n" }
        let rows = world.outbox.sorted { $0.time < $1.time }.map { m in
            [
                SandboxDates.format(m.time), m.to, m.channel.rawValue, m.code, SandboxDates.format(m.expiresAt),
                m.expiresAt > now ? "valid" : "expired", m.integrationId,
            ]
        }
        return table(["TIME", "TO", "CHANNEL", "CODE", "EXPIRES", "STATE", "INTEGRATION"], rows)
    }

    /// Every chargeable event, oldest first.
    public static func ledger(_ world: SandboxWorld) -> String {
        guard !world.ledger.isEmpty else { return "The sandbox ledger is empty: nothing chargeable has happened.\n" }
        let rows = world.ledger.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map {
            let e = $0.element
            return [SandboxDates.format(e.time), e.platform, e.billing.rawValue, e.event, e.objectId, e.description]
        }
        return table(["TIME", "PLATFORM", "BILLING", "EVENT", "OBJECT", "DESCRIPTION"], rows)
    }

    /// The injected faults, in the order they were added.
    public static func faults(_ world: SandboxWorld) -> String {
        guard !world.faults.isEmpty else {
            return "No faults are injected: the sandbox fails only where the vendors' rules say it must.\n"
        }
        let rows = world.faults.map { [$0.kind.rawValue, $0.target, SandboxDates.format($0.added), $0.kind.summary] }
        return table(["KIND", "TARGET", "ADDED", "EFFECT"], rows)
    }

    /// Left-aligned columns separated by two spaces; the last column is not padded.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for r in all { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        var out = ""
        for r in all {
            let cells = r.enumerated().map { i, c in
                i == r.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count)
            }
            out += cells.joined(separator: "  ") + "\n"
        }
        return out
    }
}
