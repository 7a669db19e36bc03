import Foundation
import SwitchboardModel

/// Checks every change against the billing, irreversibility and safety policies of DESIGN.md section 5.1.
public enum Policy {
    /// Findings for one change, given the state it was planned against.
    public static func findings(for change: PlannedChange, state: StateSnapshot, now: Date) -> [Finding] {
        var out: [Finding] = []
        let a = change.address
        func add(_ code: String, _ severity: FindingSeverity, _ message: String) {
            out.append(Finding(code: code, severity: severity, message: message, address: a))
        }
        let desired = change.desired
        let prior = change.prior
        let priorType = prior?.attributes["type"]?.stringValue

        // Protection, from the manifests or from state.
        if change.action == .delete || change.action == .replace {
            if prior?.protect == true || desired?.protect == true {
                let how = change.action == .delete
                    ? (prior?.protect == true
                        ? "run 'switchboard state unprotect \(a)' first if this is intended"
                        : "remove 'protect: true' first if this is intended")
                    : "remove 'protect: true' and run 'switchboard state unprotect \(a)' first if this is intended"
                add("protect", .error, "\(a) is protected and would be \(change.action == .delete ? "deleted" : "replaced"); \(how)")
            }
        }

        switch a.kind {
        case .integration:
            let type = desired?.integrationType?.rawValue ?? priorType
            if type == IntegrationType.whatsapp.rawValue {
                whatsAppFindings(change, now: now, add: add)
            }
            if type == IntegrationType.agentlessEmail.rawValue {
                let enabledNow = desired?.attributes["enabled"]?.boolValue ?? false
                let enabledBefore = prior?.attributes["enabled"]?.boolValue ?? false
                if (change.action == .create || change.action == .replace) && enabledNow
                    || change.action == .update && enabledNow && !enabledBefore
                {
                    add("billing.usage", .billing,
                        "agentless e-mail from '\(desired?.attributes["domain"]?.stringValue ?? a.name)' is billed per message sent once it is enabled")
                }
            }
            if priorType == IntegrationType.twilioSMS.rawValue {
                // Only a delete, replace or disable needs the list: building it scans the whole state.
                var list: String {
                    var numbers: [String] = []
                    for r in state.resources.values
                    where r.kind == .number && r.attributes["integration"]?.stringValue == a.name {
                        numbers.append(
                            r.attributes["phoneNumber"]?.stringValue ?? r.attributes["shortcode"]?.stringValue ?? r.name)
                    }
                    numbers.sort()
                    return numbers.isEmpty
                        ? "no numbers are recorded for it"
                        : "these numbers leave the inventory: \(numbers.joined(separator: ", "))"
                }
                if change.action == .delete || change.action == .replace {
                    add("destructive.twilio-sms-delete", .destructive,
                        "deleting the Twilio SMS integration '\(a.name)' removes every number imported through it, whatever flows or queues use them (\(list)); point the numbers' inbound webhooks at Twilio elsewhere")
                } else if change.action == .update,
                    prior?.attributes["enabled"]?.boolValue == true,
                    desired?.attributes["enabled"]?.boolValue == false
                {
                    add("destructive.twilio-sms-disable", .destructive,
                        "disabling the Twilio SMS integration '\(a.name)' disables its numbers and drops inbound messages until it is enabled again (\(list))")
                }
            }
        case .template:
            if case .template(let t)? = desired?.spec, t.channel == .whatsapp, t.agentless {
                let before = prior?.attributes["agentless"]?.boolValue ?? false
                if change.action == .create || change.action == .replace || (change.action == .update && !before) {
                    add("billing.usage", .billing,
                        "the WhatsApp template '\(a.name)' is used for agentless notifications, which are charged per message (ACD messaging fees)")
                }
            }
        default:
            break
        }
        return out
    }

    static func whatsAppFindings(
        _ change: PlannedChange, now: Date,
        add: (String, FindingSeverity, String) -> Void
    ) {
        let a = change.address
        let desired = change.desired
        let prior = change.prior
        let phone = desired?.attributes["phoneNumber"]?.stringValue ?? prior?.attributes["phoneNumber"]?.stringValue ?? "?"
        let enabled = desired?.attributes["enabled"]?.boolValue ?? false
        let creates = change.action == .create || change.action == .replace
        let activates = change.action == .update && change.fields.contains { $0.path == "status" && $0.after == .string(ResourceStatus.active.rawValue) }

        if (creates && enabled) || activates {
            add("billing.whatsapp-monthly", .billing,
                "activating the WhatsApp integration '\(a.name)' starts a monthly charge at once, whether or not it is used")
            add("irreversible.whatsapp-number", .irreversible,
                "activating \(phone) for WhatsApp on Genesys Cloud is permanent: the number can never go back to the WhatsApp Business app or the consumer app")
        }
        if change.action == .delete || change.action == .replace {
            add("billing.whatsapp-minimum", .billing,
                "deleting the WhatsApp integration '\(a.name)' still bills a full month, even if it was activated moments ago")
        }
        guard let desired, case .integration(.whatsapp(let w)) = desired.spec else { return }
        if creates, case .certificate(_, let issued, _) = w.onboarding {
            add("billing.whatsapp-certificate", .billing,
                "the WhatsApp integration '\(a.name)' uses the deprecated certificate flow: an integration created with an invalid number or certificate may incur integration fees at once")
            if let issued, let day = Policy.day(issued) {
                let lapses = day.addingTimeInterval(7 * 86_400)
                if lapses.timeIntervalSince(now) < 86_400 {
                    add("expiry.whatsapp-certificate", .warning,
                        "the certificate for '\(a.name)' lapses at \(Policy.iso(lapses)) (7 days after issue), less than 24 hours from now: activate it before then or get a new certificate")
                }
            }
        }
        let createdAt = prior?.createdAt.flatMap(Policy.instant)
        let removal = (createdAt ?? now).addingTimeInterval(30 * 86_400)
        let willNotBeActive: Bool = {
            if creates { return !enabled || w.onboarding.formName == "certificate" }
            if let prior, prior.status != .active { return !activates || w.onboarding.formName == "certificate" }
            return false
        }()
        if willNotBeActive {
            add("expiry.whatsapp-activation", .warning,
                "the WhatsApp integration '\(a.name)' will not be active after this apply; the platform removes integrations that are not active 30 days after creation (by \(Policy.iso(removal)))")
        }
    }

    static func day(_ text: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.date(from: text)
    }

    static func instant(_ text: String) -> Date? { ISO8601DateFormatter().date(from: text) }
    static func iso(_ d: Date) -> String { ISO8601DateFormatter().string(from: d) }
}

/// The acceptance gates of DESIGN.md section 5.1.
public struct Acceptance: Hashable, Sendable {
    public var billing: Bool
    public var irreversible: Bool
    public var destructive: Bool

    public init(billing: Bool = false, irreversible: Bool = false, destructive: Bool = false) {
        self.billing = billing
        self.irreversible = irreversible
        self.destructive = destructive
    }

    /// The flags, as recorded in history.
    public var flags: [String] {
        (billing ? ["--accept-billing"] : []) + (irreversible ? ["--accept-irreversible"] : [])
            + (destructive ? ["--accept-destructive"] : [])
    }

    /// Findings of `plan` that these acceptances do not cover. Errors are never covered.
    public func unaccepted(_ plan: Plan) -> [Finding] {
        plan.findings.filter {
            switch $0.severity {
            case .billing: !billing
            case .irreversible: !irreversible
            case .destructive: !destructive
            case .error: true
            case .warning: false
            }
        }
    }
}
