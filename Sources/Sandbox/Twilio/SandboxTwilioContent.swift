import Foundation
import SwitchboardModel

/// A Content resource (`HX...`, `content.twilio.com/v1/Content`) and its WhatsApp approval.
public struct SandboxTwilioContent: Codable, Sendable, Hashable {
    public var sid: String
    public var account_sid: String
    public var friendly_name: String
    /// ISO 639-1 (with an optional region: `en_US`).
    public var language: String
    /// Placeholder (`"1"`) to its sample value.
    public var variables: [String: String]
    /// The content types as sent (`{"twilio/text": {"body": "..."}}`).
    public var types: Value
    public var date_created: Date
    public var date_updated: Date
    /// The WhatsApp approval; nil until submitted (`unsubmitted`).
    public var whatsApp: SandboxContentApproval?

    /// The `twilio/text` body, if the content has one.
    public var textBody: String? { types["twilio/text"]?["body"]?.stringValue }
}

/// A WhatsApp approval of a Content resource: `received`, then `pending`, then `approved` or `rejected`; WhatsApp may
/// later set `paused` or `disabled`.
public struct SandboxContentApproval: Codable, Sendable, Hashable {
    /// The WhatsApp template name.
    public var name: String
    /// `UTILITY`, `MARKETING` or `AUTHENTICATION`.
    public var category: String
    public var status: String
    /// Why WhatsApp rejected, paused or disabled it; empty otherwise.
    public var rejection_reason: String
    /// When `received` turns `pending`.
    public var pendingAt: Date
    /// When the decision falls (`approved`, or `rejected` with `decision.reason`).
    public var decidesAt: Date
    /// The status the review ends in (`approved` or `rejected`).
    public var decision: String
    /// The rejection reason the review gives, when `decision` is `rejected`.
    public var decisionReason: String
    public var allow_category_change: Bool
}

/// The statuses of a WhatsApp approval (Content API).
public enum SandboxApprovalStatus {
    /// Before submission (the approval fetch shows it).
    public static let unsubmitted = "unsubmitted"
    public static let received = "received"
    public static let pending = "pending"
    public static let approved = "approved"
    public static let rejected = "rejected"
    public static let paused = "paused"
    public static let disabled = "disabled"
    /// Every status WhatsApp may set after the review.
    public static let afterReview: Set<String> = [approved, rejected, paused, disabled]
    /// WhatsApp's template categories.
    public static let categories: Set<String> = ["UTILITY", "MARKETING", "AUTHENTICATION"]
}
