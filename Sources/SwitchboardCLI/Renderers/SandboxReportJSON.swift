import Foundation
import Sandbox

/// The JSON forms of `switchboard sandbox outbox`, `ledger` and `fault list` (`--format json`): one object with one
/// array, oldest first, times in ISO 8601 with milliseconds.
enum SandboxReportJSON {
    /// `{"outbox": [{"time", "to", "channel", "code", "expiresAt", "state", "integrationId"}]}`; `state` is `valid` or
    /// `expired` at `now`, the sandbox's now.
    static func outbox(_ world: SandboxWorld, now: Date) -> JSONNode {
        let rows = world.outbox.sorted { $0.time < $1.time }.map { m in
            JSONNode.object([
                ("time", .string(SandboxDates.format(m.time))), ("to", .string(m.to)),
                ("channel", .string(m.channel.rawValue)), ("code", .string(m.code)),
                ("expiresAt", .string(SandboxDates.format(m.expiresAt))),
                ("state", .string(m.expiresAt > now ? "valid" : "expired")), ("integrationId", .string(m.integrationId)),
            ])
        }
        return .object([("outbox", .array(rows))])
    }

    /// `{"ledger": [{"time", "platform", "billing", "event", "objectId", "description"}]}`.
    static func ledger(_ world: SandboxWorld) -> JSONNode {
        let entries = world.ledger.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
        let rows = entries.map { _, e in
            JSONNode.object([
                ("time", .string(SandboxDates.format(e.time))), ("platform", .string(e.platform)),
                ("billing", .string(e.billing.rawValue)), ("event", .string(e.event)), ("objectId", .string(e.objectId)),
                ("description", .string(e.description)),
            ])
        }
        return .object([("ledger", .array(rows))])
    }

    /// `{"faults": [{"kind", "target", "added", "effect"}]}`, in the order they were added.
    static func faults(_ world: SandboxWorld) -> JSONNode {
        let rows = world.faults.map { f in
            JSONNode.object([
                ("kind", .string(f.kind.rawValue)), ("target", .string(f.target)),
                ("added", .string(SandboxDates.format(f.added))), ("effect", .string(f.kind.summary)),
            ])
        }
        return .object([("faults", .array(rows))])
    }
}
