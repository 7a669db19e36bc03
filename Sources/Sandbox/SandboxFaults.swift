import Foundation
import SwitchboardModel

/// A failure the sandbox injects on purpose, because the operator asked for it (`switchboard sandbox fault add`).
///
/// Faults are explicit (DESIGN.md section 6): no number triggers one by its digits, so the fictional 555-01xx numbers
/// that examples use behave like any other number. Each kind names the outside world's condition it simulates.
public enum SandboxFaultKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// The phone number (or short code) is provisioned in another organization: Genesys Cloud refuses the SMS import
    /// and the WhatsApp activation, Dynamics 365 refuses the WhatsApp number.
    case takenByAnotherOrg = "taken-by-another-org"
    /// The phone number (or short code) is not in the Twilio account that should hold it.
    case notFoundAtVendor = "not-found-at-vendor"
    /// The number's Twilio webhook (`SmsUrl`) points at a third party's URL: set now for a number the account already
    /// holds, and for any number the account comes to hold while the fault is on.
    case webhookElsewhere = "webhook-elsewhere"
    /// The number's Genesys Cloud import never leaves `provisioningStatus.state` `Running`.
    case stuckProvisioning = "stuck-provisioning"
    /// The WhatsApp activation of this phone number never leaves `pending` and fails after 15 minutes with the
    /// platform's advice (delete the integration and start again).
    case stuckActivation = "stuck-activation"
    /// The WhatsApp template of this name is rejected by WhatsApp when submitted for approval.
    case templateRejected = "template-rejected"

    /// What the fault does, in one sentence (for `fault list` and help).
    public var summary: String {
        switch self {
        case .takenByAnotherOrg: "the number is provisioned in another organization"
        case .notFoundAtVendor: "the number is not in the Twilio account"
        case .webhookElsewhere: "the number's Twilio webhook points at a third party's URL"
        case .stuckProvisioning: "the number's import never finishes provisioning"
        case .stuckActivation: "the WhatsApp activation of the number stays pending, then fails"
        case .templateRejected: "WhatsApp rejects the template when it is submitted for approval"
        }
    }

    /// What the target names: a phone number or short code, or (template-rejected) a template's name.
    public var targetDescription: String {
        switch self {
        case .templateRejected: "a template name"
        case .stuckActivation: "a phone number in E.164"
        default: "a phone number in E.164 or a 5- or 6-digit short code"
        }
    }

    /// True when `target` is the kind of thing this fault applies to.
    public func accepts(_ target: String) -> Bool {
        if self == .templateRejected {
            return !target.isEmpty && target.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
        }
        if E164.isValid(target) { return true }
        // A WhatsApp activation is always of a phone number; the other kinds also apply to SMS short codes.
        let isShortcode = (5...6).contains(target.count) && target.allSatisfy { $0.isASCII && $0.isNumber }
        return isShortcode && self != .stuckActivation
    }
}

/// One injected failure: its kind and what it applies to.
public struct SandboxFault: Codable, Sendable, Hashable {
    /// What fails.
    public var kind: SandboxFaultKind
    /// The phone number, short code or template name it applies to.
    public var target: String
    /// When it was added (sandbox time).
    public var added: Date
    /// For `webhook-elsewhere`: the URL each Twilio account's number pointed at before the fault moved it (by account
    /// SID), restored when the fault is removed.
    public var displacedWebhooks: [String: String]?

    /// Creates a fault.
    public init(kind: SandboxFaultKind, target: String, added: Date, displacedWebhooks: [String: String]? = nil) {
        self.kind = kind
        self.target = target
        self.added = added
        self.displacedWebhooks = displacedWebhooks
    }
}

extension SandboxWorld {
    /// Where a number under the `webhook-elsewhere` fault sends its messages: a third party's URL.
    public static let elsewhereWebhook = "https://webhooks.example.invalid/sms/incoming"

    /// True when the fault `kind` is set for `target`.
    public func hasFault(_ kind: SandboxFaultKind, _ target: String) -> Bool {
        faults.contains { $0.kind == kind && $0.target == target }
    }

    /// Adds the fault `kind` for `target` (nothing changes when it is already set) and applies what it does at once:
    /// `webhook-elsewhere` points the number's webhook, in every Twilio account that holds it, at a third party.
    /// - Returns: false when the fault was already set.
    /// - Throws: `sandbox.fault.target` when `target` is not what the kind applies to.
    @discardableResult
    public mutating func addFault(_ kind: SandboxFaultKind, target: String, now: Date) throws -> Bool {
        guard kind.accepts(target) else {
            throw PlatformError.sandbox(
                "sandbox.fault.target", "'\(target)' is not \(kind.targetDescription), which \(kind.rawValue) applies to")
        }
        if hasFault(kind, target) { return false }
        var fault = SandboxFault(kind: kind, target: target, added: now)
        if kind == .webhookElsewhere {
            var displaced: [String: String] = [:]
            for held in twilioSenders(target) {
                if let url = held.url, url != Self.elsewhereWebhook { displaced[held.account] = url }
                setTwilioWebhook(account: held.account, sid: held.sid, url: Self.elsewhereWebhook)
            }
            fault.displacedWebhooks = displaced
        }
        faults.append(fault)
        return true
    }

    /// Removes the fault `kind` for `target`, undoing what it set: a `webhook-elsewhere` number still pointing at the
    /// third party points back at where it pointed before (or, for a number the account came to hold while the fault
    /// was on, where it would have pointed); a `stuck-provisioning` import finishes now; a `stuck-activation` that has
    /// not failed yet goes on to `Active`.
    /// - Returns: false when no such fault was set.
    @discardableResult
    public mutating func removeFault(_ kind: SandboxFaultKind, target: String, now: Date) -> Bool {
        guard let index = faults.firstIndex(where: { $0.kind == kind && $0.target == target }) else { return false }
        let fault = faults.remove(at: index)
        switch kind {
        case .webhookElsewhere:
            for held in twilioSenders(target) where held.url == Self.elsewhereWebhook {
                setTwilioWebhook(account: held.account, sid: held.sid, url: fault.displacedWebhooks?[held.account])
            }
        case .stuckProvisioning:
            releaseStuckImports(target, now: now)
        case .stuckActivation:
            releaseStuckActivations(target, now: now)
        case .takenByAnotherOrg, .notFoundAtVendor, .templateRejected:
            break
        }
        return true
    }

    /// Records, for a number an account comes to hold under `webhook-elsewhere`, where it would have pointed.
    mutating func recordDisplacedWebhook(sender: String, accountSid: String, url: String?) {
        guard let url, let i = faults.firstIndex(where: { $0.kind == .webhookElsewhere && $0.target == sender }) else {
            return
        }
        faults[i].displacedWebhooks = (faults[i].displacedWebhooks ?? [:]).merging([accountSid: url]) { a, _ in a }
    }
}
