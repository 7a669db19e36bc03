import CPostgres
import Foundation
import SwitchboardModel

/// The rows of one PostgreSQL statement, copied out of libpq so they outlive the `PGresult`.
public struct PGResult: Hashable, Sendable {
    /// Column names, in order.
    public var columns: [String]
    /// Row values as text (`nil` for SQL NULL).
    public var rows: [[String?]]
    /// Rows inserted, updated or deleted (`PQcmdTuples`), 0 for a query.
    public var affectedRows: Int

    /// Creates a result (mostly for tests).
    public init(columns: [String] = [], rows: [[String?]] = [], affectedRows: Int = 0) {
        self.columns = columns
        self.rows = rows
        self.affectedRows = affectedRows
    }

    /// The value at `row`, `column`; `nil` for NULL or out of range.
    public func value(_ row: Int, _ column: Int) -> String? {
        guard rows.indices.contains(row), rows[row].indices.contains(column) else { return nil }
        return rows[row][column]
    }

    /// The value at `row` in the column named `name`; `nil` for NULL or an unknown column.
    public func value(_ row: Int, _ name: String) -> String? {
        guard let column = columns.firstIndex(of: name) else { return nil }
        return value(row, column)
    }
}

/// Parsed connection parameters, and how to show them without the password.
public struct PGConnectionInfo: Sendable {
    /// Every parameter the URL or conninfo string set, by libpq keyword.
    public var parameters: [(keyword: String, value: String)]

    /// Parses a `postgres://` / `postgresql://` URL or a `key=value` conninfo string with `PQconninfoParse`.
    /// - Throws: `StateError.backend` naming the problem; the message never holds the password.
    public init(parsing url: String) throws {
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            throw StateError.backend("invalid PostgreSQL URL: the state URL is empty")
        }
        if let schemeEnd = trimmed.range(of: "://") {
            let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
            if scheme != "postgres" && scheme != "postgresql" {
                throw StateError.backend(
                    "invalid PostgreSQL URL \(PGConnectionInfo.roughSanitize(trimmed)): "
                        + "unsupported scheme '\(scheme)'; use postgres://user:password@host:port/database")
            }
        }
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(trimmed, &errorMessage) else {
            var reason = "libpq could not parse it"
            if let errorMessage {
                reason = String(cString: errorMessage).trimmingCharacters(in: .whitespacesAndNewlines)
                PQfreemem(errorMessage)
            }
            let secrets = PGConnectionInfo.roughSecrets(in: trimmed)
            throw StateError.backend(
                "invalid PostgreSQL URL \(PGConnectionInfo.roughSanitize(trimmed)): "
                    + PGConnectionInfo.redact(reason, secrets: secrets))
        }
        defer { PQconninfoFree(options) }
        var parameters: [(keyword: String, value: String)] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                parameters.append((String(cString: keyword), String(cString: value)))
            }
            option += 1
        }
        self.parameters = parameters
    }

    /// The value of `keyword`, if set.
    public subscript(keyword: String) -> String? {
        parameters.last(where: { $0.keyword == keyword })?.value
    }

    /// `postgres://user:***@host:port/db`: the connection without its password, for messages.
    public var display: String {
        let user = self["user"].map { $0 + (self["password"] == nil ? "" : ":***") + "@" } ?? ""
        let host = self["host"] ?? self["hostaddr"] ?? "localhost"
        let port = self["port"].map { ":" + $0 } ?? ""
        let database = self["dbname"].map { "/" + $0 } ?? ""
        return "postgres://\(user)\(host)\(port)\(database)"
    }

    /// Secret values in this connection (the password), to scrub from server messages.
    var secrets: [String] {
        parameters.filter { $0.keyword == "password" && !$0.value.isEmpty }.map(\.value)
    }

    /// A URL or conninfo string made safe for messages, even when libpq cannot parse it.
    public static func sanitize(_ url: String) -> String {
        if let info = try? PGConnectionInfo(parsing: url) { return info.display }
        return roughSanitize(url)
    }

    /// `text` with every password-looking part replaced, without parsing it.
    static func roughSanitize(_ text: String) -> String {
        redact(text.trimmingCharacters(in: .whitespacesAndNewlines), secrets: roughSecrets(in: text))
    }

    /// Replaces every occurrence of each secret (and its percent-decoded form) with `***`.
    static func redact(_ text: String, secrets: [String]) -> String {
        var result = text
        let all = secrets + secrets.compactMap { $0.removingPercentEncoding }
        for secret in Set(all).sorted(by: { $0.count > $1.count }) where !secret.isEmpty {
            result = result.replacingOccurrences(of: secret, with: "***")
        }
        return result
    }

    /// Best-effort passwords in a string libpq may not parse: `scheme://user:PASSWORD@` and `password=VALUE`.
    static func roughSecrets(in text: String) -> [String] {
        var secrets: [String] = []
        if let schemeEnd = text.range(of: "://") {
            let rest = text[schemeEnd.upperBound...]
            let authority = rest.prefix(while: { $0 != "/" && $0 != "?" })
            if let at = authority.lastIndex(of: "@") {
                let userInfo = authority[..<at]
                if let colon = userInfo.firstIndex(of: ":") {
                    secrets.append(String(userInfo[userInfo.index(after: colon)...]))
                }
            }
            for pair in text.split(whereSeparator: { $0 == "?" || $0 == "&" }) {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == "password" { secrets.append(String(parts[1])) }
            }
        }
        var search = text[...]
        while let range = search.range(of: "password", options: .caseInsensitive) {
            var after = search[range.upperBound...].drop(while: { $0 == " " })
            if after.first == "=" {
                after = after.dropFirst().drop(while: { $0 == " " })
                let quoted = after.first == "'"
                if quoted { after = after.dropFirst() }
                let value = after.prefix(while: { quoted ? $0 != "'" : !($0 == " " || $0 == "&") })
                if !value.isEmpty { secrets.append(String(value)) }
            }
            search = search[range.upperBound...]
        }
        return secrets
    }
}

/// One libpq connection. Not thread-safe: keep it inside one actor or task.
public final class PGConnection {
    private let conn: OpaquePointer
    /// The parsed parameters this connection was made with.
    public let info: PGConnectionInfo

    /// Connects with a URL or conninfo string (`connect_timeout=5` unless it sets one).
    /// - Throws: `StateError.backend` classifying the failure (invalid URL, server unreachable, authentication
    ///   failed, database missing); no message ever holds the password.
    public init(url: String, applicationName: String = "switchboard") throws {
        let info = try PGConnectionInfo(parsing: url)
        var parameters = info.parameters
        if info["connect_timeout"] == nil { parameters.append(("connect_timeout", "5")) }
        if info["application_name"] == nil { parameters.append(("application_name", applicationName)) }
        let keywords = parameters.map { strdup($0.keyword) }
        let values = parameters.map { strdup($0.value) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
        let valuePointers = values.map { UnsafePointer($0) } + [nil]
        guard let conn = PQconnectdbParams(keywordPointers, valuePointers, 0) else {
            throw StateError.backend("cannot connect to PostgreSQL at \(info.display): libpq is out of memory")
        }
        if PQstatus(conn) != CONNECTION_OK {
            let raw = String(cString: PQerrorMessage(conn))
            PQfinish(conn)
            throw StateError.backend(PGConnection.classify(raw, info: info))
        }
        // Server notices ("relation already exists, skipping") would go to stderr; Switchboard reports errors itself.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        self.conn = conn
        self.info = info
    }

    deinit {
        PQfinish(conn)
    }

    /// Whether the connection is still usable (libpq has not seen it break).
    public var isOpen: Bool { PQstatus(conn) == CONNECTION_OK }

    /// The server process serving this connection.
    public var backendPID: Int32 { PQbackendPID(conn) }

    /// Runs one statement with text parameters (`$1`, `$2` ...) through `PQexecParams`.
    /// - Throws: `StateError.backend` with the server's message and SQLSTATE, or a lost-connection message.
    @discardableResult
    public func exec(_ sql: String, params: [String?] = []) throws -> PGResult {
        try execDetailed(sql, params: params).orBackendError()
    }

    /// Like `exec`, but returns the SQLSTATE with the error so callers can react to specific codes.
    func execDetailed(_ sql: String, params: [String?] = []) -> Result<PGResult, PGError> {
        let copies = params.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) }
        let result = PQexecParams(conn, sql, Int32(params.count), nil, pointers, nil, nil, 0)
        defer { PQclear(result) }
        let status = result.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK, let result else {
            let sqlState = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map {
                String(cString: $0)
            }
            var message =
                result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "M"))) }
                .map { String(cString: $0) } ?? String(cString: PQerrorMessage(conn))
            message = PGConnectionInfo.redact(
                message.trimmingCharacters(in: .whitespacesAndNewlines), secrets: info.secrets)
            let lost = PQstatus(conn) != CONNECTION_OK
            return .failure(PGError(message: message, sqlState: sqlState, connectionLost: lost, display: info.display))
        }
        let columnCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        var columns: [String] = []
        for column in 0..<columnCount {
            columns.append(PQfname(result, Int32(column)).map { String(cString: $0) } ?? "")
        }
        var rows: [[String?]] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            var values: [String?] = []
            for column in 0..<columnCount {
                if PQgetisnull(result, Int32(row), Int32(column)) != 0 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, Int32(row), Int32(column))))
                }
            }
            rows.append(values)
        }
        let affected = PQcmdTuples(result).map { Int(String(cString: $0)) ?? 0 } ?? 0
        return .success(PGResult(columns: columns, rows: rows, affectedRows: affected))
    }

    /// Turns libpq's connection error into a classified message without the password.
    static func classify(_ raw: String, info: PGConnectionInfo) -> String {
        let detail = PGConnectionInfo.redact(
            raw.trimmingCharacters(in: .whitespacesAndNewlines)
                .replacingOccurrences(of: "\n", with: " ")
                .replacingOccurrences(of: "\t", with: ""),
            secrets: info.secrets)
        let lower = detail.lowercased()
        let prefix = "cannot connect to PostgreSQL at \(info.display)"
        if lower.contains("password authentication failed") || lower.contains("authentication failed")
            || lower.contains("no password supplied") || lower.contains("password is required")
        {
            let user = info["user"].map { " for user '\($0)'" } ?? ""
            return "\(prefix): authentication failed\(user); check the user and password in the state URL "
                + "(server said: \(detail))"
        }
        if lower.contains("connection refused") || lower.contains("timeout expired")
            || lower.contains("could not translate host name") || lower.contains("no route to host")
            || lower.contains("network is unreachable") || lower.contains("no such file or directory")
            || lower.contains("could not connect") || lower.contains("name or service not known")
        {
            return "\(prefix): server unreachable; check the host and port, and that PostgreSQL is running "
                + "and accepts TCP connections (\(detail))"
        }
        if lower.contains("does not exist") {
            return "\(prefix): \(detail); create the database first or fix the database name in the state URL"
        }
        if lower.contains("invalid") {
            return "invalid PostgreSQL URL \(info.display): \(detail)"
        }
        return "\(prefix): \(detail)"
    }
}

/// A failed statement, with what callers need to react to it.
struct PGError: Error, Sendable, CustomStringConvertible {
    var message: String
    var sqlState: String?
    var connectionLost: Bool
    var display: String

    var description: String {
        if connectionLost {
            return "lost the connection to PostgreSQL at \(display): \(message)"
        }
        return "PostgreSQL error\(sqlState.map { " \($0)" } ?? ""): \(message)"
    }
}

extension Result where Failure == PGError {
    /// The value, or the failure as `StateError.backend`.
    func orBackendError() throws -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let error): throw StateError.backend(error.description)
        }
    }
}
