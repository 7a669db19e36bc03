import Foundation

/// Paged listings: follow each answer's "next" cursor (a page number, a next-page URL, a token) until there is none.
///
/// The vendor decides what a cursor is and how to read one answer (`fetch`); this only walks the cursors, with a
/// page cap as a safety bound against a server that never stops, and stops at a cursor it has already followed.
public enum Pages {
    /// One page of a listing: its items and the cursor of the next page, nil on the last.
    public struct Page<Item, Cursor> {
        /// The items on this page.
        public var items: [Item]
        /// The cursor of the next page; nil when this page is the last.
        public var next: Cursor?

        /// Creates a page.
        public init(items: [Item], next: Cursor?) {
            self.items = items
            self.next = next
        }
    }

    /// The most pages one listing reads by default.
    public static let defaultLimit = 1000

    /// Every item of a listing, page after page from `first`, in order.
    ///
    /// Stops after the page with no next cursor, after `limit` pages, or before a cursor already followed (a server
    /// that hands back the same page again would otherwise repeat its items until the cap).
    /// - Throws: what `fetch` throws.
    public static func collect<Item, Cursor: Hashable>(
        from first: Cursor, limit: Int = defaultLimit, _ fetch: (Cursor) async throws -> Page<Item, Cursor>
    ) async throws -> [Item] {
        var items: [Item] = []
        var followed: Set<Cursor> = []
        var cursor: Cursor? = first
        while let current = cursor, followed.count < limit, followed.insert(current).inserted {
            let page = try await fetch(current)
            items += page.items
            cursor = page.next
        }
        return items
    }

    /// The URL of a next-page link as vendors give it: absolute (`https://host/path?page=2`), host-relative
    /// (`/path?page=2`) or query-only (`?page=2`), resolved against the URL of the page that named it; nil for none.
    public static func nextURL(_ link: String?, from page: URL) -> URL? {
        guard let link, !link.isEmpty else { return nil }
        return URL(string: link, relativeTo: page)?.absoluteURL
    }
}
