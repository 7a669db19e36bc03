/// A JSON-like value: the generic form of resource attributes in plans and state.
///
/// Objects keep their keys sorted when rendered, so output never depends on dictionary order.
public enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case list([Value])
    case object([String: Value])

    /// The string payload, if this is a string.
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    /// The bool payload, if this is a bool.
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    /// The int payload, if this is an int.
    public var intValue: Int? { if case .int(let i) = self { i } else { nil } }
    /// The list payload, if this is a list.
    public var listValue: [Value]? { if case .list(let l) = self { l } else { nil } }
    /// The object payload, if this is an object.
    public var objectValue: [String: Value]? { if case .object(let o) = self { o } else { nil } }

    /// The member `key` of an object value; nil for a missing member or a value that is not an object.
    public subscript(_ key: String) -> Value? { objectValue?[key] }

    /// The value at a dotted path (`compliance.help.message`) inside nested objects.
    public subscript(path path: String) -> Value? {
        var current: Value = self
        for part in path.split(separator: ".") {
            guard case .object(let o) = current, let next = o[String(part)] else { return nil }
            current = next
        }
        return current
    }
}

// MARK: - Codable

extension Value: Codable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let l = try? c.decode([Value].self) {
            self = .list(l)
        } else {
            self = .object(try c.decode([String: Value].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .string(let s): try c.encode(s)
        case .list(let l): try c.encode(l)
        case .object(let o): try c.encode(o)
        }
    }
}

// MARK: - Literals

extension Value: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, b in b }))
    }
    public init(nilLiteral: ()) { self = .null }
}
