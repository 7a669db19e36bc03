import Foundation
import PlatformKit
import SwitchboardTestSupport
import Testing

@Suite struct PagesTests {
    @Test func followsNextCursorsUntilTheLastPage() async throws {
        let asked = Locked<[String]>([])
        let cursors = ["a": "b", "b": "c"]
        let items = try await Pages.collect(from: "a") { cursor in
            asked.append(cursor)
            return Pages.Page(items: [cursor + "1", cursor + "2"], next: cursors[cursor])
        }
        #expect(items == ["a1", "a2", "b1", "b2", "c1", "c2"])
        #expect(asked.get == ["a", "b", "c"])
    }

    @Test func stopsAtThePageCap() async throws {
        let asked = Locked(0)
        let items = try await Pages.collect(from: 1, limit: 5) { page in
            asked.with { $0 += 1 }
            return Pages.Page(items: [page], next: page + 1)
        }
        #expect(items == [1, 2, 3, 4, 5])
        #expect(asked.get == 5)
    }

    @Test func stopsBeforeACursorAlreadyFollowed() async throws {
        let items = try await Pages.collect(from: "p1") { cursor in
            Pages.Page(items: [cursor], next: cursor == "p1" ? "p2" : "p1")
        }
        #expect(items == ["p1", "p2"])
    }

    @Test func aFailedPageFailsTheListing() async throws {
        struct Down: Error {}
        await #expect(throws: Down.self) {
            _ = try await Pages.collect(from: 1) { page -> Pages.Page<Int, Int> in
                if page == 2 { throw Down() }
                return Pages.Page(items: [page], next: page + 1)
            }
        }
    }

    @Test(arguments: [
        ("https://api.example/v1/Things?Page=2", "https://api.example/v1/Things?Page=2"),
        (
            "/2010-04-01/Accounts/AC1/Things.json?Page=1&PageToken=PA",
            "https://api.example/2010-04-01/Accounts/AC1/Things.json?Page=1&PageToken=PA"
        ),
        ("?pageSize=2&pageNumber=3", "https://api.example/v1/Things?pageSize=2&pageNumber=3"),
    ])
    func nextLinksResolveAgainstThePageThatNamedThem(link: String, expected: String) throws {
        let page = try #require(URL(string: "https://api.example/v1/Things?pageSize=2&pageNumber=2"))
        #expect(Pages.nextURL(link, from: page)?.absoluteString == expected)
    }

    @Test func noLinkIsNoNextPage() throws {
        let page = try #require(URL(string: "https://api.example/v1/Things"))
        #expect(Pages.nextURL(nil, from: page) == nil)
        #expect(Pages.nextURL("", from: page) == nil)
    }
}
