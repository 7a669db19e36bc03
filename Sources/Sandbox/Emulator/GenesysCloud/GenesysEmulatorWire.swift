import Foundation
import PlatformKit
import SwitchboardModel

/// The Genesys Cloud wire format over one organization of the sandbox world: routes, request bodies, replies.
///
/// This is the one place where wire fields and world fields meet. Every change goes through the world's
/// vendor-level operations, so the sandbox's rules (number import errors, WhatsApp state machines, cascades,
/// the ledger and the outbox) answer through the API as `ErrorBody` errors with the rule's code and status.
///
/// Routes are tables, one per resource family (`+Messaging`, `+Integrations`, `+Routing`, `+Responses`), each row
/// a method and a path shape (the path below `/api/v2/` with every id as `*`) and one small function per endpoint;
/// `+Render` turns world values into the vendor's JSON.
struct GenesysEmulatorWire {
    var world: SandboxWorld
    let org: String
    let now: Date
    let timing: SandboxTiming

    /// An HTTP status and a JSON body (nil: no body).
    typealias Reply = (Int, Value?)

    /// One request as an endpoint sees it.
    struct Request {
        /// The id in the path: its first segment that is not a literal of any route.
        var id: String
        var query: [String: String]
        /// The parsed JSON body (`.null` when empty or not JSON).
        var body: Value
    }

    /// An endpoint: one function of the wire, answering one method and path shape.
    typealias Endpoint = @Sendable (inout GenesysEmulatorWire, Request) throws -> Reply

    /// The organization served (an empty one until the first write).
    var o: SandboxGenesysOrg { world.genesys[org] ?? SandboxGenesysOrg() }

    // MARK: - Routing

    /// Every route: `"METHOD shape"` to its endpoint.
    static let routes: [String: Endpoint] = Dictionary(
        uniqueKeysWithValues: messagingRoutes + integrationRoutes + routingRoutes + responseRoutes)

    /// Path segments that name a collection or an action rather than an id: every segment of every route's shape
    /// but `*`.
    static let literals: Set<String> = Set(
        routes.keys.flatMap { $0.split(separator: " ").last?.split(separator: "/").map(String.init) ?? [] }
    ).subtracting(["*"])

    /// Answers `method` on the path segments `p` below `/api/v2/`.
    /// - Throws: `EmulatorError` (404 for a path no route serves) or the world's `PlatformError`.
    mutating func route(_ method: String, _ p: [String], query: [String: String], body: Value) throws -> Reply {
        let shape = p.map { Self.literals.contains($0) ? $0 : "*" }.joined(separator: "/")
        guard let endpoint = Self.routes["\(method) \(shape)"] else {
            throw EmulatorError(
                status: 404, code: "not.found", message: "no route for \(method) /api/v2/\(p.joined(separator: "/"))")
        }
        let id = p.first { !Self.literals.contains($0) } ?? ""
        return try endpoint(&self, Request(id: id, query: query, body: body))
    }

    // MARK: - Request helpers

    func find<T>(_ value: T?, _ what: String, _ id: String) throws -> T {
        guard let value else { throw EmulatorError.notFound("\(what) '\(id)'") }
        return value
    }
}
