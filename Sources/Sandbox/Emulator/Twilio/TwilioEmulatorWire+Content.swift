import Foundation
import SwitchboardModel

/// `content.twilio.com/v1`: Content resources (JSON bodies) and their WhatsApp approvals.
extension TwilioEmulatorWire {
    static let contentRoutes: [(String, Endpoint)] = [
        ("GET v1/Content", { w, r in try w.listContent(r) }),
        ("POST v1/Content", { w, r in try w.createContent(r) }),
        ("GET v1/Content/*", { w, r in try w.getContent(r) }),
        ("PUT v1/Content/*", { w, r in try w.putContent(r) }),
        ("DELETE v1/Content/*", { w, r in try w.deleteContent(r) }),
        ("GET v1/Content/*/ApprovalRequests", { w, r in try w.getApproval(r) }),
        ("POST v1/Content/*/ApprovalRequests/whatsapp", { w, r in try w.submitApproval(r) }),
        ("GET v1/ContentAndApprovals", { w, r in try w.listContentAndApprovals(r) }),
    ]

    /// The account's Content resources, oldest first.
    private func contents(_ account: String) -> [SandboxTwilioContent] {
        ((world.twilio[account]?.contents.values).map(Array.init) ?? [])
            .sorted { ($0.date_created, $0.sid) < ($1.date_created, $1.sid) }
    }

    func listContent(_ r: Request) throws -> Reply {
        Reply(
            status: 200,
            body: try pageMeta(
                contents(r.account).map { ($0.sid, content($0)) }, key: "contents", api: "content", path: "/v1/Content",
                filters: [], r.query))
    }

    func listContentAndApprovals(_ r: Request) throws -> Reply {
        Reply(
            status: 200,
            body: try pageMeta(
                contents(r.account).map { ($0.sid, contentAndApprovals($0)) }, key: "contents", api: "content",
                path: "/v1/ContentAndApprovals", filters: [], r.query))
    }

    /// `POST /v1/Content` (JSON `friendly_name`, `language`, `variables`, `types`): 201.
    mutating func createContent(_ r: Request) throws -> Reply {
        let c = try world.createTwilioContent(
            accountSid: r.account, friendlyName: r.json["friendly_name"]?.stringValue ?? "",
            language: r.json["language"]?.stringValue ?? "", variables: try Self.variables(r.json["variables"]) ?? [:],
            types: r.json["types"] ?? .null, now: now)
        return Reply(status: 201, body: content(c))
    }

    func getContent(_ r: Request) throws -> Reply {
        Reply(status: 200, body: content(try world.twilioContent(accountSid: r.account, sid: r.id(0))))
    }

    /// `PUT /v1/Content/{Sid}` (JSON; `types` required).
    mutating func putContent(_ r: Request) throws -> Reply {
        let c = try world.updateTwilioContent(
            accountSid: r.account, sid: r.id(0), friendlyName: r.json["friendly_name"]?.stringValue,
            language: r.json["language"]?.stringValue, variables: try Self.variables(r.json["variables"]),
            types: r.json["types"] ?? .null, now: now)
        return Reply(status: 200, body: content(c))
    }

    mutating func deleteContent(_ r: Request) throws -> Reply {
        try world.deleteTwilioContent(accountSid: r.account, sid: r.id(0))
        return Reply(status: 204, body: nil)
    }

    func getApproval(_ r: Request) throws -> Reply {
        Reply(status: 200, body: approvalFetch(try world.twilioContent(accountSid: r.account, sid: r.id(0))))
    }

    /// `POST /v1/Content/{Sid}/ApprovalRequests/whatsapp` (JSON `name`, `category`): 201, `received`.
    mutating func submitApproval(_ r: Request) throws -> Reply {
        guard let name = r.json["name"]?.stringValue, let category = r.json["category"]?.stringValue else {
            throw PlatformError.twilio(20001, "Missing required parameters name and category")
        }
        let a = try world.submitTwilioApproval(
            accountSid: r.account, sid: r.id(0), name: name, category: category, now: now, timing: timing)
        let c = try world.twilioContent(accountSid: r.account, sid: r.id(0))
        return Reply(
            status: 201,
            body: [
                "name": .string(a.name), "category": .string(a.category), "content_type": .string(Self.contentType(c)),
                "status": .string(a.status), "rejection_reason": .string(a.rejection_reason),
                "allow_category_change": .bool(a.allow_category_change),
            ])
    }

    /// `variables`: an object of strings.
    /// - Throws: 20001 for anything else.
    static func variables(_ v: Value?) throws -> [String: String]? {
        guard let v, v != .null else { return nil }
        guard let o = v.objectValue else { throw PlatformError.twilio(20001, "variables must be an object of strings") }
        var out: [String: String] = [:]
        for (k, value) in o {
            guard let s = value.stringValue else {
                throw PlatformError.twilio(20001, "variables.\(k) must be a string")
            }
            out[k] = s
        }
        return out
    }
}
