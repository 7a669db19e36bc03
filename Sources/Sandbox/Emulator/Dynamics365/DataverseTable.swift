import Foundation
import PlatformKit
import SwitchboardModel

/// One Dataverse table as the emulator serves it: its metadata (`EntityDefinitions`), its writable columns with
/// their types, how its rows read in the Web API's shape, and how a write reaches the world's rules.
struct DataverseTable: Sendable {
    /// A writable column's type, as Dataverse checks it.
    enum Column: Sendable {
        /// A string of at most this many characters.
        case text(Int)
        /// A string that is written and never read back (a secured or write-only column).
        case secret(Int)
        case integer
        case boolean
        /// A choice: one of these integer values.
        case choice([Int])
        /// A lookup to the table with this entity set name, written with `<column>@odata.bind`.
        case lookup(String)
    }

    /// Column values of a write after checking: a lookup holds the GUID it binds.
    typealias Fields = [String: Value]

    let logicalName: String
    let setName: String
    let primaryId: String
    let primaryName: String
    /// Writable columns by logical name.
    let columns: [String: Column]
    /// The rows of an environment in the Web API's shape (lookups as `_<column>_value`), sorted by id.
    let rows: @Sendable (SandboxDynamicsOrg) -> [Value]
    /// Creates a row (with the id given, for an upsert); returns its id.
    let create: @Sendable (inout SandboxWorld, String, String?, Fields, Date) throws -> String
    /// Changes a row.
    let update: @Sendable (inout SandboxWorld, String, String, Fields) throws -> Void
    /// Deletes a row.
    let delete: @Sendable (inout SandboxWorld, String, String) throws -> Void
    /// Collection-valued navigation properties (N:N) to the entity set they lead to, with how to read and change
    /// them.
    var relationships: [String: DataverseRelationship] = [:]

    /// `EntityDefinitions(LogicalName='...')`.
    var metadata: Value {
        [
            "LogicalName": .string(logicalName), "EntitySetName": .string(setName),
            "PrimaryIdAttribute": .string(primaryId), "PrimaryNameAttribute": .string(primaryName),
            "LogicalCollectionName": .string(setName),
            "MetadataId": .string(SandboxDynamicsOrg.languageId(logicalName.unicodeScalars.reduce(7) { ($0 * 31 + Int($1.value)) % 999_983 })),
        ]
    }

    /// Checks a write's body against the columns: unknown properties, types, lengths, choices and bindings.
    /// - Throws: `EmulatorError` with Dataverse's codes.
    func fields(_ body: Value) throws -> Fields {
        guard case .object(let members) = body else {
            throw DataverseError.payload("the request body is not a JSON object")
        }
        var out: Fields = [:]
        for (key, value) in members {
            if key.hasPrefix("@odata") { continue }
            if key.hasSuffix("@odata.bind") {
                let nav = String(key.dropLast("@odata.bind".count))
                guard case .lookup(let target)? = columns[nav] else {
                    throw DataverseError.payload(
                        "An undeclared property '\(nav)' which only has property annotations in the payload but no "
                            + "property value was found in the payload. (entity \(logicalName))")
                }
                out[nav] = try Self.bound(value, target: target)
                continue
            }
            guard let column = columns[key] else {
                throw DataverseError.payload(
                    "The property '\(key)' does not exist on type 'Microsoft.Dynamics.CRM.\(logicalName)'. Make sure "
                        + "to only use property names that are defined by the type.")
            }
            out[key] = try Self.check(key, value, column)
        }
        return out
    }

    private static func check(_ key: String, _ value: Value, _ column: Column) throws -> Value {
        if value == .null { return .null }
        switch column {
        case .text(let max), .secret(let max):
            guard let s = value.stringValue else { throw DataverseError.type(key, "Edm.String") }
            guard s.unicodeScalars.count <= max else {
                throw DataverseError(
                    status: 400, code: "0x80044331",
                    message: "A validation error occurred. The length of the '\(key)' attribute exceeded the "
                        + "maximum allowed length of '\(max)'.")
            }
            return value
        case .integer:
            guard value.intValue != nil else { throw DataverseError.type(key, "Edm.Int32") }
            return value
        case .boolean:
            guard value.boolValue != nil else { throw DataverseError.type(key, "Edm.Boolean") }
            return value
        case .choice(let allowed):
            guard let i = value.intValue else { throw DataverseError.type(key, "Edm.Int32") }
            guard allowed.contains(i) else {
                throw DataverseError(
                    status: 400, code: "0x8004431a",
                    message: "A validation error occurred. The value \(i) of '\(key)' on record of type is outside "
                        + "the valid range. Accepted Values: \(allowed.map(String.init).joined(separator: ","))")
            }
            return value
        case .lookup:
            throw DataverseError.payload("the lookup '\(key)' must be written as '\(key)@odata.bind'")
        }
    }

    /// The GUID a `@odata.bind` value names: `/<set>(<guid>)`, absolute or relative.
    static func bound(_ value: Value, target: String) throws -> Value {
        guard let text = value.stringValue else { return .null }
        guard let open = text.range(of: "\(target)(", options: .backwards), text.hasSuffix(")") else {
            throw DataverseError.payload("'\(text)' does not bind a row of \(target)")
        }
        return .string(String(text[open.upperBound..<text.index(before: text.endIndex)]))
    }
}

/// A collection-valued navigation property (an N:N relationship) of a table.
struct DataverseRelationship: Sendable {
    /// The entity set of the related rows.
    let target: String
    /// The ids of the rows related to row `id`.
    let related: @Sendable (SandboxDynamicsOrg, String) -> [String]
    /// Associates (true) or disassociates (false) row `id` and the related row.
    let link: @Sendable (inout SandboxWorld, String, String, String, Bool) throws -> Void
}

/// A Web API error: its status and `{"error": {"code", "message"}}`.
struct DataverseError: Error, Sendable {
    var status: Int
    var code: String
    var message: String

    static func payload(_ message: String) -> DataverseError {
        DataverseError(status: 400, code: "0x80048d19", message: message)
    }

    static func type(_ key: String, _ type: String) -> DataverseError {
        payload("Cannot convert the literal to the expected type '\(type)' of property '\(key)'.")
    }

    static func notFound(_ message: String) -> DataverseError {
        DataverseError(status: 404, code: "0x80060888", message: message)
    }
}

extension DataverseTable.Fields {
    /// The string at `key`: nil when absent, `.some(nil)` when written as null.
    func text(_ key: String) -> String?? { self[key].map { $0.stringValue } }
    func int(_ key: String) -> Int? { self[key]?.intValue }
    func bool(_ key: String) -> Bool? { self[key]?.boolValue }
}
