import Foundation
import PlatformKit
import SwitchboardModel

/// Twilio's paged lists: `PageSize` (default 50, at most 1,000), `Page` (the page's index, for the client's state)
/// and `PageToken` (`PA` and the SID after which the page starts, or `PB` and the SID before which it ends), as the
/// next and previous page links carry them.
///
/// The 2010 API answers the page's keys at the top level with relative links (`first_page_uri`, `next_page_uri`,
/// `previous_page_uri`, `uri`, `page`, `page_size`, `start`, `end`); the v1 and v2 APIs answer a `meta` object with
/// absolute links (`first_page_url`, `next_page_url`, `previous_page_url`, `url`, `page`, `page_size`, `key`).
extension TwilioEmulatorWire {
    /// The default `PageSize`.
    static let defaultPageSize = 50
    /// The largest `PageSize` Twilio takes.
    static let maxPageSize = 1_000

    /// One page of a list.
    struct PageSlice {
        var items: [Value]
        var page: Int
        var pageSize: Int
        /// The index of the page's first item in the whole list.
        var start: Int
        /// `PageToken` of the next page; nil on the last page.
        var nextToken: String?
        /// `PageToken` of the previous page; nil on the first page.
        var previousToken: String?
    }

    /// The page of `all` (SIDs and their JSON, in list order) that `query` asks for.
    /// - Throws: 20001 for a `PageSize` or `Page` that is not a whole number.
    static func slice(_ all: [(sid: String, value: Value)], _ query: [String: String]) throws -> PageSlice {
        var size = defaultPageSize
        if let text = query["PageSize"] {
            guard let n = Int(text) else { throw PlatformError.twilio(20001, "PageSize must be a whole number") }
            size = min(max(n, 1), maxPageSize)
        }
        var page = 0
        if let text = query["Page"] {
            guard let n = Int(text), n >= 0 else { throw PlatformError.twilio(20001, "Page must be a whole number") }
            page = n
        }
        var start = min(page * size, all.count)
        if let token = query["PageToken"], token.count > 2 {
            let sid = String(token.dropFirst(2))
            if token.hasPrefix("PA"), let i = all.firstIndex(where: { $0.sid == sid }) {
                start = i + 1
            } else if token.hasPrefix("PB"), let i = all.firstIndex(where: { $0.sid == sid }) {
                start = max(0, i - size)
            }
        }
        let end = min(start + size, all.count)
        let items = all[start..<end]
        return PageSlice(
            items: items.map(\.value), page: page, pageSize: size, start: start,
            nextToken: end < all.count ? items.last.map { "PA" + $0.sid } : nil,
            previousToken: start > 0 ? items.first.map { "PB" + $0.sid } ?? all.last.map { "PA" + $0.sid } : nil)
    }

    /// A 2010 API list: `key` (`incoming_phone_numbers`) beside the paging keys; links relative to the host.
    /// - Throws: as `slice`.
    func page2010(
        _ all: [(sid: String, value: Value)], key: String, path: String, filters: [(String, String?)],
        _ query: [String: String]
    ) throws -> Value {
        let p = try Self.slice(all, query)
        let given = filters.compactMap { name, value in value.map { (name, $0) } }
        func link(page: Int, token: String?) -> String {
            path + "?" + FormEncoding.encode(given + Self.pagingFields(p.pageSize, page, token))
        }
        return [
            key: .list(p.items),
            "page": .int(p.page), "page_size": .int(p.pageSize), "start": .int(p.start),
            "end": .int(p.start + max(p.items.count - 1, 0)),
            "uri": .string(link(page: p.page, token: query["PageToken"])),
            "first_page_uri": .string(link(page: 0, token: nil)),
            "next_page_uri": p.nextToken.map { .string(link(page: p.page + 1, token: $0)) } ?? .null,
            "previous_page_uri": p.previousToken.map { .string(link(page: max(p.page - 1, 0), token: $0)) } ?? .null,
        ]
    }

    /// A v1 or v2 list: `key` (`services`) beside `meta`; links absolute, on the host of `api` (`messaging`).
    /// - Throws: as `slice`.
    func pageMeta(
        _ all: [(sid: String, value: Value)], key: String, api: String, path: String, filters: [(String, String?)],
        _ query: [String: String]
    ) throws -> Value {
        let p = try Self.slice(all, query)
        let given = filters.compactMap { name, value in value.map { (name, $0) } }
        func link(page: Int, token: String?) -> String {
            base(api) + path + "?" + FormEncoding.encode(given + Self.pagingFields(p.pageSize, page, token))
        }
        let meta: Value = [
            "page": .int(p.page), "page_size": .int(p.pageSize), "key": .string(key),
            "url": .string(link(page: p.page, token: query["PageToken"])),
            "first_page_url": .string(link(page: 0, token: nil)),
            "next_page_url": p.nextToken.map { .string(link(page: p.page + 1, token: $0)) } ?? .null,
            "previous_page_url": p.previousToken.map { .string(link(page: max(p.page - 1, 0), token: $0)) } ?? .null,
        ]
        return [key: .list(p.items), "meta": meta]
    }

    private static func pagingFields(_ size: Int, _ page: Int, _ token: String?) -> [(String, String)] {
        var fields = [("PageSize", String(size)), ("Page", String(page))]
        if let token { fields.append(("PageToken", token)) }
        return fields
    }
}
