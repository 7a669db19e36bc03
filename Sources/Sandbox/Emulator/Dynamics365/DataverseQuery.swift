import Foundation
import SwitchboardModel

/// The OData query options the emulator understands: `$select`, `$filter` with `eq` and `ne` comparisons joined by
/// `and` (what the adapter and the SDKs use to find rows by a column), and `Prefer: odata.maxpagesize`.
enum DataverseQuery {
    /// The rows that match `filter`.
    /// - Throws: `DataverseError` (400, `0x80060888`) for a filter it cannot read or an unknown column.
    static func filter(_ rows: [Value], _ filter: String) throws -> [Value] {
        let clauses = try filter.components(separatedBy: " and ").map(clause)
        return rows.filter { row in
            clauses.allSatisfy { c in
                let value = row[c.column] ?? .null
                return c.negated ? value != c.value : value == c.value
            }
        }
    }

    private struct Clause {
        var column: String
        var negated: Bool
        var value: Value
    }

    private static func clause(_ text: String) throws -> Clause {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for op in [" eq ", " ne "] {
            guard let range = trimmed.range(of: op) else { continue }
            let column = String(trimmed[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
            let literal = String(trimmed[range.upperBound...]).trimmingCharacters(in: .whitespaces)
            guard column.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !column.isEmpty else { break }
            return Clause(column: column, negated: op == " ne ", value: try value(literal))
        }
        throw DataverseError(
            status: 400, code: "0x80060888", message: "The query parameter $filter '\(text)' is not supported")
    }

    private static func value(_ literal: String) throws -> Value {
        if literal.hasPrefix("'") && literal.hasSuffix("'") && literal.count >= 2 {
            return .string(String(literal.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'"))
        }
        switch literal {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default:
            if let i = Int(literal) { return .int(i) }
            // A GUID is written bare.
            if literal.count == 36 && literal.allSatisfy({ $0.isHexDigit || $0 == "-" }) { return .string(literal) }
            throw DataverseError(status: 400, code: "0x80060888", message: "cannot read the literal '\(literal)'")
        }
    }

    /// `row` with only the columns `select` names (and the primary id); every column without `$select`.
    static func select(_ row: Value, _ select: String?, primaryId: String) -> Value {
        guard let select, case .object(let members) = row else { return row }
        var wanted = Set(select.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        wanted.insert(primaryId)
        return .object(members.filter { wanted.contains($0.key) })
    }

    /// The page size `Prefer: odata.maxpagesize=N` asks for.
    static func pageSize(_ prefer: String?) -> Int? {
        guard let prefer else { return nil }
        for part in prefer.split(separator: ",") {
            let p = part.trimmingCharacters(in: .whitespaces)
            if p.hasPrefix("odata.maxpagesize="), let n = Int(p.dropFirst("odata.maxpagesize=".count)), n > 0 {
                return n
            }
        }
        return nil
    }
}
