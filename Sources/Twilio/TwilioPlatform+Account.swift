import Foundation
import PlatformKit
import SwitchboardModel

/// Messaging Services a number belongs to, and the account's secondary auth token.
extension TwilioPlatform {
    /// A Messaging Service that takes its numbers' inbound messages itself (`use_inbound_webhook_on_number` false).
    struct Service {
        var sid: String
        var friendlyName: String
        /// The other numbers (and short codes) of the service, which "Defer to sender's webhook" affects too.
        var others: [String]
    }

    /// The Messaging Services holding `n` that do not defer to the sender's webhook. Twilio has no look-up from a
    /// number to its service: each service's `PhoneNumbers` and `ShortCodes` are listed, only for services that
    /// do not defer already.
    func nonDeferringServices(holding n: Number, account: String, address: Address) async throws -> [Service] {
        var found: [Service] = []
        for (s, members) in try await servicesWithMembers(account: account, address: address)
        where s["use_inbound_webhook_on_number"]?.boolValue != true {
            guard let sid = s["sid"]?.stringValue, members.contains(where: { $0["sid"]?.stringValue == n.sid }) else {
                continue
            }
            let others = members.filter { $0["sid"]?.stringValue != n.sid }.compactMap {
                $0["phone_number"]?.stringValue ?? $0["short_code"]?.stringValue
            }
            found.append(Service(sid: sid, friendlyName: s["friendly_name"]?.stringValue ?? sid, others: others.sorted()))
        }
        return found
    }

    /// The account's Messaging Services, with the members of each that does not defer yet (a deferring service's
    /// members are not listed: they are never needed), listed once per command.
    private func servicesWithMembers(account: String, address: Address) async throws -> [(service: Value, members: [Value])] {
        if let known = await index.cachedServices() { return known }
        var out: [(service: Value, members: [Value])] = []
        for s in try await client.list(.messaging, Paths.services, key: "services", resource: address) {
            guard let sid = s["sid"]?.stringValue, s["account_sid"]?.stringValue.map({ $0 == account }) ?? true else {
                continue
            }
            guard s["use_inbound_webhook_on_number"]?.boolValue != true else {
                out.append((s, []))
                continue
            }
            let members =
                try await client.list(
                    .messaging, Paths.services + "/" + sid + "/PhoneNumbers", key: "phone_numbers", resource: address)
                + client.list(
                    .messaging, Paths.services + "/" + sid + "/ShortCodes", key: "short_codes", resource: address)
            out.append((s, members))
        }
        await index.setServices(out)
        return out
    }

    func messagingServiceFinding(_ s: Service, step: CompanionStep) -> Finding {
        let others = s.others.isEmpty ? "it has no other numbers" : "its other numbers: " + s.others.joined(separator: ", ")
        return Finding(
            code: "warning.messaging-service", severity: .destructive,
            message: "\(step.subject) is in the Twilio Messaging Service '\(s.friendlyName)' (\(s.sid)), which does "
                + "not defer to the sender's webhook: Switchboard sets \"Defer to sender's webhook\" "
                + "(UseInboundWebhookOnNumber), which changes where inbound messages go for every number of that "
                + "service (\(others))",
            address: step.address)
    }

    /// True when the account has a secondary auth token. Twilio documents only creating (POST) and deleting it; the
    /// adapter reads it with GET, which the emulator answers (200 with the token's dates, 404 without one). An answer
    /// that is neither (a live 405) says nothing: no finding.
    /// - Throws: `PlatformError` for failures other than those.
    func hasSecondaryAuthToken(_ address: Address) async throws -> Bool {
        do {
            let v = try await client.send("GET", .accounts, Paths.secondaryAuthToken, resource: address)
            return v["date_created"] != nil || v["secondary_auth_token"] != nil || v["account_sid"] != nil
        } catch let e as PlatformError where e.status == 404 || e.status == 405 {
            return false
        }
    }
}
