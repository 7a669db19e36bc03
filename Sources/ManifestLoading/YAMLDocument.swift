import SwitchboardModel

/// One parsed YAML document: compact nodes in flat arrays, aliases shared (a DAG, never copied).
///
/// Immutable once built, so it is `Sendable` without locks.
public final class YAMLDocument: Sendable {
    /// The file the document came from, as given.
    public let file: String
    let nodes: [RawNode]
    let children: [Int32]
    let strings: [String]
    let rootIndex: Int32

    init(file: String, nodes: [RawNode], children: [Int32], strings: [String], root: Int32) {
        self.file = file
        self.nodes = nodes
        self.children = children
        self.strings = strings
        self.rootIndex = root
    }

    /// The document's root node.
    public var root: YNode { YNode(doc: self, index: rootIndex) }
}

/// Node storage: about 24 bytes a node.
struct RawNode: Sendable {
    enum Kind: UInt8, Sendable { case scalar, sequence, mapping }
    var kind: Kind
    var style: YNode.Style
    var tag: YNode.Tag
    var line: Int32
    var column: Int32
    /// Scalar: index into `strings`. Collections: first child in `children`.
    var value: Int32
    /// Collections: number of children (mappings: 2 per pair).
    var count: Int32
}

/// A view of one node of a `YAMLDocument`.
public struct YNode: Sendable {
    /// How a scalar was written; quoted scalars are always strings.
    public enum Style: UInt8, Sendable { case plain, quoted, block, flow }
    /// The node's explicit tag, restricted to the core schema.
    public enum Tag: UInt8, Sendable { case none, nonSpecific, str, int, float, bool, null, seq, map }
    /// The node's shape.
    public enum Kind: Sendable { case scalar, sequence, mapping }

    public let doc: YAMLDocument
    public let index: Int32

    var raw: RawNode { doc.nodes[Int(index)] }

    public var kind: Kind {
        switch raw.kind {
        case .scalar: .scalar
        case .sequence: .sequence
        case .mapping: .mapping
        }
    }

    public var style: Style { raw.style }
    public var tag: Tag { raw.tag }

    /// 1-based position of the node's start.
    public var location: SourceLocation {
        let r = raw
        return SourceLocation(file: doc.file, line: Int(r.line), column: Int(r.column))
    }

    /// The scalar text, or nil for a collection.
    public var scalar: String? {
        let r = raw
        return r.kind == .scalar ? doc.strings[Int(r.value)] : nil
    }

    /// True for a plain (unquoted, untagged) scalar, whose type the core schema decides.
    public var isPlainScalar: Bool {
        let r = raw
        return r.kind == .scalar && r.style == .plain && (r.tag == .none)
    }

    /// A sequence's items; empty for other kinds.
    public var items: [YNode] {
        let r = raw
        guard r.kind == .sequence else { return [] }
        let start = Int(r.value)
        return (0..<Int(r.count)).map { YNode(doc: doc, index: doc.children[start + $0]) }
    }

    /// A mapping's pairs as written, without merge keys resolved.
    public var rawPairs: [(key: YNode, value: YNode)] {
        let r = raw
        guard r.kind == .mapping else { return [] }
        let start = Int(r.value)
        return stride(from: 0, to: Int(r.count), by: 2).map {
            (YNode(doc: doc, index: doc.children[start + $0]), YNode(doc: doc, index: doc.children[start + $0 + 1]))
        }
    }

    /// True when a mapping has a `<<` merge key among its own keys. Allocates nothing.
    var hasMergeKey: Bool {
        let r = raw
        guard r.kind == .mapping else { return false }
        let start = Int(r.value)
        for i in stride(from: 0, to: Int(r.count), by: 2) {
            let k = doc.nodes[Int(doc.children[start + i])]
            if k.kind == .scalar && k.style == .plain && k.tag == .none && doc.strings[Int(k.value)] == "<<" {
                return true
            }
        }
        return false
    }

    /// The number of own pairs of a mapping (0 for other kinds).
    var rawPairCount: Int {
        let r = raw
        return r.kind == .mapping ? Int(r.count) / 2 : 0
    }

    /// The `i`th own pair of a mapping, as written.
    func rawPair(_ i: Int) -> (key: YNode, value: YNode) {
        let start = Int(raw.value) + 2 * i
        return (YNode(doc: doc, index: doc.children[start]), YNode(doc: doc, index: doc.children[start + 1]))
    }

    /// A mapping's pairs with merge keys (`<<`) resolved: explicit keys win over merged ones.
    public var pairs: [(key: YNode, value: YNode)] {
        guard hasMergeKey else { return rawPairs }
        let own = rawPairs
        var result: [(key: YNode, value: YNode)] = []
        var seen = Set<String>()
        for p in own where !p.key.isMergeKey {
            result.append(p)
            if let k = p.key.scalar { seen.insert(k) }
        }
        for p in own where p.key.isMergeKey {
            let sources = p.value.kind == .sequence ? p.value.items : [p.value]
            for source in sources where source.kind == .mapping {
                for mp in source.pairs {
                    guard let k = mp.key.scalar, !seen.contains(k) else { continue }
                    seen.insert(k)
                    result.append(mp)
                }
            }
        }
        return result
    }

    /// True for a `<<` merge key.
    public var isMergeKey: Bool { isPlainScalar && scalar == "<<" }

    /// The value under `key` in a mapping (merges resolved).
    public subscript(key: String) -> YNode? {
        pairs.first { $0.key.scalar == key }?.value
    }

    /// True when a plain scalar means null under the core schema (`~`, `null`, empty).
    public var isNull: Bool {
        let r = raw
        guard r.kind == .scalar else { return false }
        if r.tag == .null { return true }
        guard r.style == .plain, r.tag == .none else { return false }
        switch doc.strings[Int(r.value)] {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// The core-schema boolean of a plain scalar.
    public var boolValue: Bool? {
        let r = raw
        guard r.kind == .scalar, r.style == .plain, r.tag == .none || r.tag == .bool else { return nil }
        switch doc.strings[Int(r.value)] {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// The core-schema integer of a plain scalar.
    public var intValue: Int? {
        let r = raw
        guard r.kind == .scalar, r.style == .plain, r.tag == .none || r.tag == .int else { return nil }
        let s = doc.strings[Int(r.value)]
        if s.hasPrefix("0x") { return Int(s.dropFirst(2), radix: 16) }
        if s.hasPrefix("0o") { return Int(s.dropFirst(2), radix: 8) }
        return Int(s)
    }

    /// True when the scalar is a string under the core schema (quoted, tagged `!!str`, or plain and not
    /// null, bool or number).
    public var isString: Bool {
        let r = raw
        guard r.kind == .scalar else { return false }
        if r.tag == .str || r.style != .plain || r.tag == .nonSpecific { return true }
        if r.tag != .none { return false }
        // Fast path: a plain scalar starting with an ASCII letter that cannot begin null, a boolean, an integer or
        // a float (`inf`, `nan`, `null`, `true`, `false` in any case) is a string.
        if let c = doc.strings[Int(r.value)].utf8.first, (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) {
            switch c | 0x20 {
            case 0x69, 0x6E, 0x74, 0x66: break  // i, n, t, f: decide below
            default: return true
            }
        }
        if isNull || boolValue != nil || intValue != nil { return false }
        return Double(doc.strings[Int(r.value)]) == nil
    }

    /// A word for the node's type, for messages (`a string`, `a list`, `a mapping`, `a number` ...).
    public var typeDescription: String {
        switch kind {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .scalar:
            if isNull { return "null" }
            if boolValue != nil { return "a boolean" }
            if intValue != nil { return "an integer" }
            if isString { return "a string" }
            return "a number"
        }
    }
}
