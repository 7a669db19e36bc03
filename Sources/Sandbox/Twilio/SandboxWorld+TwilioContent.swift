import Foundation
import SwitchboardModel

/// Content resources of the sandbox's Twilio accounts and their WhatsApp approvals.
///
/// An approval is `received` when submitted, `pending` halfway through the review (`SandboxTiming.provisioning`) and
/// decided at its end: `approved`, or `rejected` with a reason when a placeholder of the text has no sample value or
/// the `template-rejected` fault names the template.
/// `paused` and `disabled` come only from WhatsApp (`setTwilioApproval`).
extension SandboxWorld {
    /// The longest `twilio/text` body Twilio takes.
    public static let twilioTextLimit = 1_600

    /// `POST /v1/Content`: a new Content resource.
    /// - Throws: 20001 without a language or types, or with a `twilio/text` body that is empty or over 1,600
    ///   characters.
    public mutating func createTwilioContent(
        accountSid: String, friendlyName: String, language: String, variables: [String: String], types: Value, now: Date
    ) throws -> SandboxTwilioContent {
        try Self.validateContent(language: language, types: types)
        let c = SandboxTwilioContent(
            sid: Self.newSid("HX"), account_sid: accountSid, friendly_name: friendlyName, language: language,
            variables: variables, types: types, date_created: now, date_updated: now, whatsApp: nil)
        withTwilio(accountSid) { $0.contents[c.sid] = c }
        return c
    }

    /// `PUT /v1/Content/{Sid}`: replaces the types (and the other fields given) of content not yet submitted for
    /// approval.
    /// - Throws: 20404; 20001 for content already submitted for WhatsApp approval, or invalid types.
    public mutating func updateTwilioContent(
        accountSid: String, sid: String, friendlyName: String?, language: String?, variables: [String: String]?,
        types: Value, now: Date
    ) throws -> SandboxTwilioContent {
        var c = try twilioContent(accountSid: accountSid, sid: sid)
        guard c.whatsApp == nil else {
            throw PlatformError.twilio(
                20001,
                "Content \(sid) has been submitted for WhatsApp approval and cannot be updated; create new content")
        }
        try Self.validateContent(language: language ?? c.language, types: types)
        c.friendly_name = friendlyName ?? c.friendly_name
        c.language = language ?? c.language
        c.variables = variables ?? c.variables
        c.types = types
        c.date_updated = now
        withTwilio(accountSid) { [c] in $0.contents[sid] = c }
        return c
    }

    /// `DELETE /v1/Content/{Sid}`: the content and its approval go.
    /// - Throws: 20404.
    public mutating func deleteTwilioContent(accountSid: String, sid: String) throws {
        try removeTwilioObject(accountSid, \.contents, sid, "/v1/Content/\(sid)")
    }

    /// The Content resource `sid` of `accountSid`.
    /// - Throws: 20404.
    public func twilioContent(accountSid: String, sid: String) throws -> SandboxTwilioContent {
        try twilioObject(accountSid, \.contents, sid, "/v1/Content/\(sid)")
    }

    /// `POST /v1/Content/{Sid}/ApprovalRequests/whatsapp`: submits the content for WhatsApp approval as template
    /// `name` in `category`.
    /// - Throws: 20404; 20001 for a name that is not lowercase letters, digits and underscores, an unknown category,
    ///   or content already submitted.
    public mutating func submitTwilioApproval(
        accountSid: String, sid: String, name: String, category: String, now: Date, timing: SandboxTiming
    ) throws -> SandboxContentApproval {
        var c = try twilioContent(accountSid: accountSid, sid: sid)
        guard !name.isEmpty, name.count <= 512,
            name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
        else {
            throw PlatformError.twilio(
                20001,
                "Invalid name '\(name)': a WhatsApp template name has only lowercase letters, digits and underscores")
        }
        guard SandboxApprovalStatus.categories.contains(category) else {
            let known = SandboxApprovalStatus.categories.sorted().joined(separator: ", ")
            throw PlatformError.twilio(20001, "Invalid category '\(category)': use one of \(known)")
        }
        guard c.whatsApp == nil else {
            throw PlatformError.twilio(20001, "Content \(sid) has already been submitted for WhatsApp approval")
        }
        let reason = approvalRejection(c, name: name)
        let approval = SandboxContentApproval(
            name: name, category: category, status: SandboxApprovalStatus.received, rejection_reason: "",
            pendingAt: now.addingTimeInterval(timing.provisioning / 2),
            decidesAt: now.addingTimeInterval(timing.provisioning),
            decision: reason == nil ? SandboxApprovalStatus.approved : SandboxApprovalStatus.rejected,
            decisionReason: reason ?? "", allow_category_change: true)
        c.whatsApp = approval
        withTwilio(accountSid) { [c] in $0.contents[sid] = c }
        return approval
    }

    /// Sets the WhatsApp approval of content `sid` to `status` with `reason`, as WhatsApp does after its review
    /// (`paused` for quality, `disabled`, or a late rejection): what drift must notice.
    /// - Throws: 20404 for unknown content; 20001 for content never submitted or a status WhatsApp does not set.
    public mutating func setTwilioApproval(accountSid: String, sid: String, status: String, reason: String = "") throws
    {
        var c = try twilioContent(accountSid: accountSid, sid: sid)
        guard var approval = c.whatsApp, SandboxApprovalStatus.afterReview.contains(status) else {
            throw PlatformError.twilio(20001, "content \(sid) has no WhatsApp approval that can become '\(status)'")
        }
        approval.status = status
        approval.rejection_reason = reason
        approval.decision = status
        approval.decisionReason = reason
        approval.decidesAt = .distantPast
        c.whatsApp = approval
        withTwilio(accountSid) { [c] in $0.contents[sid] = c }
    }

    /// Moves an approval in review to `now`: `pending` halfway, then its decision.
    /// - Returns: true when it changed.
    static func advance(_ approval: inout SandboxContentApproval, to now: Date) -> Bool {
        let before = approval
        if approval.status == SandboxApprovalStatus.received, approval.pendingAt <= now {
            approval.status = SandboxApprovalStatus.pending
        }
        if approval.status == SandboxApprovalStatus.pending || approval.status == SandboxApprovalStatus.received,
            approval.decidesAt <= now
        {
            approval.status = approval.decision
            approval.rejection_reason = approval.decisionReason
        }
        return approval != before
    }

    /// Why WhatsApp's review rejects `content` submitted as template `name`, or nil when it approves it: the
    /// `template-rejected` fault on the template (its WhatsApp name, or the manifest's name with `-` for `_`), or a
    /// placeholder of its text without a sample value in `variables`.
    func approvalRejection(_ content: SandboxTwilioContent, name: String) -> String? {
        if hasFault(.templateRejected, name)
            || hasFault(.templateRejected, name.replacingOccurrences(of: "_", with: "-"))
        {
            return "INVALID_FORMAT: WhatsApp rejected the template (sandbox fault template-rejected)"
        }
        let body = content.textBody ?? ""
        for placeholder in Self.placeholders(body) where (content.variables[placeholder] ?? "").isEmpty {
            return "INVALID_FORMAT: the variable {{\(placeholder)}} has no sample value"
        }
        return nil
    }

    /// The names of the `{{...}}` placeholders of `text`, in order.
    static func placeholders(_ text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            names.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// - Throws: 20001 without a language or types, or with a `twilio/text` body that is empty or too long.
    static func validateContent(language: String, types: Value) throws {
        guard !language.isEmpty else { throw PlatformError.twilio(20001, "Missing required parameter language") }
        guard let all = types.objectValue, !all.isEmpty else {
            throw PlatformError.twilio(20001, "Missing required parameter types")
        }
        if let text = all["twilio/text"] {
            guard let body = text["body"]?.stringValue, !body.isEmpty else {
                throw PlatformError.twilio(20001, "twilio/text needs a body")
            }
            guard body.count <= twilioTextLimit else {
                throw PlatformError.twilio(
                    20001, "The twilio/text body has \(body.count) characters; at most \(twilioTextLimit) are allowed")
            }
        }
    }
}
