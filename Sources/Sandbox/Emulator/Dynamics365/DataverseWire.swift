import Foundation
import PlatformKit
import SwitchboardModel

/// The Dataverse Web API (`/api/data/v9.2/...`) over one environment of the sandbox world: `EntityDefinitions`,
/// entity sets with `$select`, `$filter` and paging, rows by id, `If-Match` and `If-None-Match` on `PATCH`, N:N
/// associations through `$ref`. Every write goes through the world's rules; every error is a `DataverseError`.
struct DataverseWire {
    var world: SandboxWorld
    let org: String
    let now: Date
    /// `scheme://host` of the request where it named one (for absolute links), else empty (host-relative links).
    let origin: String

    /// An answer: status, headers and JSON body (nil: none).
    struct Reply {
        var status: Int
        var headers: [String: String] = [:]
        var body: Value?
    }

    static let root = "/api/data/v9.2/"
    /// The largest page the Web API hands out.
    static let maxPageSize = 5000

    var o: SandboxDynamicsOrg { world.dynamics[org] ?? SandboxDynamicsOrg(environment: "sandbox-\(org)") }

    /// Answers `method` on `path` (below `/api/data/v9.2/`).
    /// - Throws: `DataverseError`, or the world's `PlatformError`.
    mutating func route(
        _ method: String, _ path: String, query: [String: String], headers: [String: String], body: Data
    ) throws -> Reply {
        let segments = path.split(separator: "/").map(String.init)
        guard let first = segments.first else { throw DataverseError.notFound("Resource not found for the segment ''.") }
        let (name, key) = Self.split(first)
        if name == "EntityDefinitions" { return try metadata(method, key) }
        guard let table = DataverseTables.bySet[name] else {
            throw DataverseError.notFound("Resource not found for the segment '\(name)'.")
        }
        let json = body.isEmpty ? Value.null : ((try? JSONCoding.parse(body)) ?? .string("\u{0}"))
        if json == .string("\u{0}") { throw DataverseError.payload("the request body is not valid JSON") }
        switch (method, key, segments.count) {
        case ("GET", nil, 1): return try list(table, query: query, headers: headers)
        case ("POST", nil, 1): return try create(table, json, headers: headers)
        case ("GET", let id?, 1): return try get(table, Self.unquote(id), query: query)
        case ("PATCH", let id?, 1): return try patch(table, Self.unquote(id), json, headers: headers)
        case ("DELETE", let id?, 1):
            try table.delete(&world, org, Self.unquote(id))
            return Reply(status: 204)
        case (_, let id?, _): return try navigation(method, table, Self.unquote(id), Array(segments.dropFirst()), json, query)
        default:
            throw DataverseError(status: 405, code: "0x80060888", message: "\(method) is not supported on \(name)")
        }
    }

    // MARK: - Metadata

    private func metadata(_ method: String, _ key: String?) throws -> Reply {
        guard method == "GET", let key, key.hasPrefix("LogicalName=") else {
            throw DataverseError.notFound("use EntityDefinitions(LogicalName='...')")
        }
        let logical = Self.unquote(String(key.dropFirst("LogicalName=".count)))
        guard let table = DataverseTables.byLogicalName[logical] else {
            throw DataverseError(
                status: 404, code: "0x80040217", message: "Could not find entity with logical name '\(logical)'")
        }
        let body = Self.adding(table.metadata, "@odata.context", origin + Self.root + "$metadata#EntityDefinitions/$entity")
        return Reply(status: 200, body: body)
    }

    // MARK: - Rows

    private func list(_ table: DataverseTable, query: [String: String], headers: [String: String]) throws -> Reply {
        var rows = table.rows(o)
        if let filter = query["$filter"] { rows = try DataverseQuery.filter(rows, filter) }
        let size = min(DataverseQuery.pageSize(headers["prefer"]) ?? Self.maxPageSize, Self.maxPageSize)
        let start = query["$skiptoken"].flatMap(Int.init) ?? 0
        let page = Array(rows.dropFirst(start).prefix(size))
        var body: [String: Value] = [
            "@odata.context": .string(origin + Self.root + "$metadata#" + table.setName),
            "value": .list(page.map { DataverseQuery.select($0, query["$select"], primaryId: table.primaryId) }),
        ]
        var reply = Reply(status: 200)
        if DataverseQuery.pageSize(headers["prefer"]) != nil {
            reply.headers["Preference-Applied"] = "odata.maxpagesize=\(size)"
        }
        if start + page.count < rows.count {
            var items = query.filter { $0.key != "$skiptoken" }.sorted { $0.key < $1.key }
                .map { URLQueryItem(name: $0.key, value: $0.value) }
            items.append(URLQueryItem(name: "$skiptoken", value: String(start + page.count)))
            var components = URLComponents()
            components.queryItems = items
            body["@odata.nextLink"] = .string(origin + Self.root + table.setName + (components.string ?? ""))
        }
        reply.body = .object(body)
        return reply
    }

    private func row(_ table: DataverseTable, _ id: String) throws -> Value {
        guard let row = table.rows(o).first(where: { $0[table.primaryId]?.stringValue == id }) else {
            throw DataverseError(
                status: 404, code: "0x80040217", message: "\(table.logicalName) With Id = \(id) Does Not Exist")
        }
        return row
    }

    private func get(_ table: DataverseTable, _ id: String, query: [String: String]) throws -> Reply {
        let body = DataverseQuery.select(try row(table, id), query["$select"], primaryId: table.primaryId)
        return Reply(status: 200, body: Self.adding(body, "@odata.context", origin + Self.root + "$metadata#\(table.setName)/$entity"))
    }

    private func entityId(_ table: DataverseTable, _ id: String) -> String {
        origin + Self.root + "\(table.setName)(\(id))"
    }

    /// POST: 204 with `OData-EntityId`, or 201 with the row under `Prefer: return=representation`.
    private mutating func create(_ table: DataverseTable, _ body: Value, headers: [String: String]) throws -> Reply {
        let fields = try table.fields(body)
        let id = try table.create(&world, org, nil, fields, now)
        return try created(table, id, headers: headers)
    }

    private func created(_ table: DataverseTable, _ id: String, headers: [String: String]) throws -> Reply {
        let location = ["OData-EntityId": entityId(table, id), "Location": entityId(table, id)]
        if headers["prefer"]?.contains("return=representation") == true {
            return Reply(status: 201, headers: location, body: try row(table, id))
        }
        return Reply(status: 204, headers: location)
    }

    /// PATCH: an update, or an upsert that creates the row when it is missing, unless `If-Match: *` forbids that
    /// (404) or `If-None-Match: *` forbids updating an existing row (412).
    private mutating func patch(
        _ table: DataverseTable, _ id: String, _ body: Value, headers: [String: String]
    ) throws -> Reply {
        let fields = try table.fields(body)
        let exists = (try? row(table, id)) != nil
        if headers["if-none-match"] == "*" && exists {
            throw DataverseError(status: 412, code: "0x80040237", message: "A record with matching key values already exists.")
        }
        if !exists {
            if headers["if-match"] == "*" {
                throw DataverseError(
                    status: 404, code: "0x80040217", message: "\(table.logicalName) With Id = \(id) Does Not Exist")
            }
            _ = try table.create(&world, org, id, fields, now)
            return try created(table, id, headers: headers)
        }
        try table.update(&world, org, id, fields)
        return Reply(status: 204, headers: ["OData-EntityId": entityId(table, id)])
    }

    // MARK: - N:N

    /// `GET <set>(id)/<nav>`, `POST <set>(id)/<nav>/$ref` `{"@odata.id": ...}`, `DELETE <set>(id)/<nav>(other)/$ref`.
    private mutating func navigation(
        _ method: String, _ table: DataverseTable, _ id: String, _ rest: [String], _ body: Value,
        _ query: [String: String]
    ) throws -> Reply {
        guard let first = rest.first else { throw DataverseError.notFound("no navigation property") }
        let (nav, key) = Self.split(first)
        guard let relation = table.relationships[nav], let target = DataverseTables.bySet[relation.target] else {
            throw DataverseError.notFound(
                "Resource not found for the segment '\(nav)' of \(table.logicalName).")
        }
        _ = try row(table, id)
        let isRef = rest.last == "$ref"
        switch (method, key, isRef) {
        case ("GET", nil, false):
            let related = Set(relation.related(o, id))
            let rows = target.rows(o).filter { related.contains($0[target.primaryId]?.stringValue ?? "") }
            return Reply(status: 200, body: [
                "@odata.context": .string(origin + Self.root + "$metadata#" + target.setName),
                "value": .list(rows.map { DataverseQuery.select($0, query["$select"], primaryId: target.primaryId) }),
            ])
        case ("POST", nil, true):
            guard let other = body["@odata.id"]?.stringValue else {
                throw DataverseError.payload("the body of a $ref POST is {\"@odata.id\": \"<row URL>\"}")
            }
            let otherId = try DataverseTable.bound(.string(other), target: relation.target).stringValue ?? ""
            try relation.link(&world, org, id, otherId, true)
            return Reply(status: 204)
        case ("DELETE", let other?, true):
            try relation.link(&world, org, id, Self.unquote(other), false)
            return Reply(status: 204)
        default:
            throw DataverseError(status: 405, code: "0x80060888", message: "\(method) is not supported on \(nav)")
        }
    }

    // MARK: - Paths

    /// `object` with `key` set to the string `value`.
    static func adding(_ object: Value, _ key: String, _ value: String) -> Value {
        var members = object.objectValue ?? [:]
        members[key] = .string(value)
        return .object(members)
    }

    /// `name(key)` to its name and key; `name` alone has no key.
    static func split(_ segment: String) -> (String, String?) {
        guard let open = segment.firstIndex(of: "("), segment.hasSuffix(")") else { return (segment, nil) }
        return (String(segment[..<open]), String(segment[segment.index(after: open)..<segment.index(before: segment.endIndex)]))
    }

    /// A key without its quotes (`'x'` to `x`).
    static func unquote(_ key: String) -> String {
        key.count >= 2 && key.hasPrefix("'") && key.hasSuffix("'") ? String(key.dropFirst().dropLast()) : key
    }
}
