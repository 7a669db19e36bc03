import Foundation
import PlatformKit
import SwitchboardModel

/// What one adapter (one account, one command) has learnt from Twilio's listings, so that companion work on many
/// numbers reads each listing once per command instead of once per number: the account's numbers (or short codes) by
/// their number, once a second number is looked up, and its Messaging Services with their members.
///
/// The adapter keeps it current with its own writes (a number pointed, a service set to defer); a change made at
/// Twilio during one command is seen by the next command.
actor TwilioIndex {
    /// Lookups made per collection path before the whole collection was listed.
    private var lookups: [String: Int] = [:]
    /// Whole listings: collection path -> number (E.164 or short code) -> item.
    private var numbers: [String: [String: Value]] = [:]
    /// The account's Messaging Services, each with its members' sids; nil until listed.
    private var services: [(service: Value, members: [Value])]?

    /// The item listed for `subject` in `path`: `.some(nil)` when the whole collection is known and lacks it, nil when
    /// the collection has not been listed.
    func number(_ path: String, _ subject: String) -> Value?? {
        guard let listed = numbers[path] else { return nil }
        return .some(listed[subject])
    }

    /// Counts a single lookup in `path`; returns how many came before it.
    func countLookup(_ path: String) -> Int {
        defer { lookups[path, default: 0] += 1 }
        return lookups[path] ?? 0
    }

    /// Records the whole collection at `path`, keyed by `field`.
    func setNumbers(_ path: String, _ items: [Value], field: String) {
        var byNumber: [String: Value] = [:]
        for v in items { if let key = v[field]?.stringValue { byNumber[key] = v } }
        numbers[path] = byNumber
    }

    /// Records an item this command changed (the answer of its update); an answer that is not the number (no `sid`)
    /// leaves it to be looked up again.
    func update(_ path: String, _ subject: String, _ item: Value) {
        guard numbers[path] != nil else { return }
        if item["sid"]?.stringValue != nil {
            numbers[path]?[subject] = item
        } else {
            numbers[path]?.removeValue(forKey: subject)
        }
    }

    /// The services as listed earlier in this command.
    func cachedServices() -> [(service: Value, members: [Value])]? { services }

    /// Records the services and their members.
    func setServices(_ s: [(service: Value, members: [Value])]) { services = s }

    /// Records that service `sid` now defers to the sender's webhook.
    func markDeferring(_ sid: String) {
        guard var s = services, let i = s.firstIndex(where: { $0.service["sid"]?.stringValue == sid }),
            var o = s[i].service.objectValue
        else { return }
        o["use_inbound_webhook_on_number"] = .bool(true)
        s[i].service = .object(o)
        services = s
    }
}
