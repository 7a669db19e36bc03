import SwitchboardModel

/// A JSON document whose objects keep their keys in the order written, for stable output contracts.
public indirect enum JSONNode: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONNode])
    /// Keys in output order.
    case object([(String, JSONNode)])

    /// A string, or null when `value` is nil.
    public static func string(_ value: String?) -> JSONNode {
        value.map { .string($0) } ?? .null
    }

    /// An int, or null when `value` is nil.
    public static func int(_ value: Int?) -> JSONNode {
        value.map { .int($0) } ?? .null
    }

    /// The JSON form of a model value (object keys sorted), or null when `value` is nil.
    public static func value(_ value: Value?) -> JSONNode {
        switch value {
        case nil, .null?: .null
        case .bool(let b)?: .bool(b)
        case .int(let i)?: .int(i)
        case .string(let s)?: .string(s)
        case .list(let l)?: .array(l.map { JSONNode.value($0) })
        case .object(let o)?: .object(o.keys.sorted().map { ($0, JSONNode.value(o[$0])) })
        }
    }

    /// Pretty-printed text: two-space indentation, `"key": value`, a trailing newline.
    public var prettyText: String {
        var out = ""
        write(into: &out, indent: 0)
        return out + "\n"
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .string(let s): Value.writeString(s, into: &out)
        case .array(let elements):
            if elements.isEmpty {
                out += "[]"
                return
            }
            out += "[\n"
            for (i, element) in elements.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                element.write(into: &out, indent: indent + 2)
                out += i == elements.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += "{\n"
            for (i, (key, element)) in members.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                Value.writeString(key, into: &out)
                out += ": "
                element.write(into: &out, indent: indent + 2)
                out += i == members.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }

    public static func == (a: JSONNode, b: JSONNode) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
        default: false
        }
    }
}
