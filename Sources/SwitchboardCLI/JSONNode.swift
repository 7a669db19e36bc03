import SwitchboardModel

/// A JSON document whose objects keep their keys in the order written, for stable output contracts; written by the
/// one `JSONWriter`.
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

    /// Pretty-printed text (`JSONStyle.pretty`): two-space indentation, `"key": value`, a trailing newline.
    public var prettyText: String {
        // Into bytes, made a String once: a String takes single ASCII characters (punctuation, indentation) slowly.
        var w = JSONWriter(output: [UInt8](), style: .pretty)
        write(to: &w)
        w.output.append(0x0A)
        return String(decoding: w.output, as: UTF8.self)
    }

    private func write(to w: inout JSONWriter<[UInt8]>) {
        switch self {
        case .null: w.null()
        case .bool(let b): w.bool(b)
        case .int(let i): w.int(i)
        case .string(let s): w.string(s)
        case .array(let elements):
            w.beginArray()
            for element in elements {
                w.element()
                element.write(to: &w)
            }
            w.endArray()
        case .object(let members):
            w.beginObject()
            for (key, member) in members {
                w.key(key)
                member.write(to: &w)
            }
            w.endObject()
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
