/// Where a `JSONWriter`'s text goes: a byte array (state documents, HTTP bodies) or a String (plan text, the CLI's
/// JSON). The writer decides every byte; an output only appends.
public protocol JSONOutput {
    /// Appends one ASCII byte.
    mutating func appendASCII(_ byte: UInt8)
    /// Appends UTF-8 text that needs no escaping (a run of a string being escaped, a keyword, digits).
    mutating func appendUTF8(_ bytes: UnsafeBufferPointer<UInt8>)
    /// Appends a string that needs no escaping: the common case, copied whole.
    mutating func appendVerbatim(_ text: String)
}

extension Array: JSONOutput where Element == UInt8 {
    @inlinable public mutating func appendASCII(_ byte: UInt8) { append(byte) }
    @inlinable public mutating func appendUTF8(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
    @inlinable public mutating func appendVerbatim(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }
}

extension String: JSONOutput {
    @inlinable public mutating func appendASCII(_ byte: UInt8) { unicodeScalars.append(Unicode.Scalar(byte)) }
    @inlinable public mutating func appendUTF8(_ bytes: UnsafeBufferPointer<UInt8>) {
        self += String(decoding: bytes, as: UTF8.self)
    }
    @inlinable public mutating func appendVerbatim(_ text: String) { self += text }
}

/// The layout a `JSONWriter` writes. Keys are written in the order given; `value`, `stringMap` and `valueMap` sort
/// them, so output never depends on dictionary order.
public struct JSONStyle: Hashable, Sendable {
    /// Each member and element on its own line, indented two spaces a level; empty containers stay `{}` and `[]`.
    public var indented: Bool
    /// `"key" : value` (`JSONEncoder`'s pretty form) rather than `"key": value`; indented layouts only.
    public var spaceBeforeColon: Bool
    /// Backspace and form feed as `\b` and `\f` (`JSONEncoder`'s) rather than `\u0008` and `\u000c`.
    public var shortEscapes: Bool

    /// Creates a style.
    public init(indented: Bool, spaceBeforeColon: Bool, shortEscapes: Bool) {
        self.indented = indented
        self.spaceBeforeColon = spaceBeforeColon
        self.shortEscapes = shortEscapes
    }

    /// No whitespace: `Value.jsonText`, plan text values, HTTP bodies.
    public static let compact = JSONStyle(indented: false, spaceBeforeColon: false, shortEscapes: false)
    /// Two-space indents and `"key": value`: the CLI's JSON output.
    public static let pretty = JSONStyle(indented: true, spaceBeforeColon: false, shortEscapes: false)
    /// What `JSONEncoder` writes with pretty printing (`"key" : value`, `\b`, `\f`): local state files, which
    /// earlier versions wrote with it.
    public static let encoderPretty = JSONStyle(indented: true, spaceBeforeColon: true, shortEscapes: true)
    /// `JSONEncoder`'s compact form (`\b`, `\f`): the state document in PostgreSQL.
    public static let encoderCompact = JSONStyle(indented: false, spaceBeforeColon: false, shortEscapes: true)
}

/// The one JSON writer: `beginObject`, then `key` before each member's value, then `endObject` (arrays likewise,
/// with `element` before each element). Strings are escaped as RFC 8259 requires (`"`, `\\` and control
/// characters; `/` and non-ASCII as they are). The methods are `@inlinable`, so the state writer in another module
/// runs them specialized for its byte array.
public struct JSONWriter<Output: JSONOutput> {
    /// What has been written.
    public var output: Output
    /// The layout.
    public let style: JSONStyle
    /// How many containers are open.
    @usableFromInline var depth = 0
    /// Whether the innermost open container has a member or element yet.
    @usableFromInline var hasContent = false

    /// A writer appending to `output`.
    @inlinable public init(output: Output, style: JSONStyle) {
        self.output = output
        self.style = style
    }

    // MARK: - Structure

    @inlinable mutating func newline() {
        guard style.indented else { return }
        output.appendASCII(0x0A)
        for _ in 0..<depth {
            output.appendASCII(0x20)
            output.appendASCII(0x20)
        }
    }

    @inlinable mutating func separate() {
        if hasContent { output.appendASCII(0x2C) }
        hasContent = true
        newline()
    }

    @inlinable mutating func open(_ byte: UInt8) {
        output.appendASCII(byte)
        depth += 1
        hasContent = false
    }

    @inlinable mutating func close(_ byte: UInt8) {
        depth -= 1
        if hasContent { newline() }
        output.appendASCII(byte)
        // The container just closed is the value of a member or element of the one around it.
        hasContent = true
    }

    @inlinable public mutating func beginObject() { open(0x7B) }
    @inlinable public mutating func endObject() { close(0x7D) }
    @inlinable public mutating func beginArray() { open(0x5B) }
    @inlinable public mutating func endArray() { close(0x5D) }

    /// Starts a member of the open object: its key and the separator; the value follows.
    @inlinable public mutating func key(_ key: String) {
        separate()
        string(key)
        if style.indented {
            if style.spaceBeforeColon { output.appendASCII(0x20) }
            output.appendASCII(0x3A)
            output.appendASCII(0x20)
        } else {
            output.appendASCII(0x3A)
        }
    }

    /// Starts an element of the open array; the value follows.
    @inlinable public mutating func element() { separate() }

    // MARK: - Scalars

    @inlinable mutating func ascii(_ text: StaticString) {
        output.appendUTF8(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inlinable public mutating func null() { ascii("null") }

    @inlinable public mutating func bool(_ b: Bool) { b ? ascii("true") : ascii("false") }

    @inlinable public mutating func int(_ i: Int) {
        // At most 20 characters: a sign and 19 digits; written from the end.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var n = i.magnitude
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(truncatingIfNeeded: n % 10) + 0x30
                n /= 10
            } while n > 0
            if i < 0 {
                start -= 1
                digits[start] = 0x2D
            }
            output.appendUTF8(UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// A string literal.
    @inlinable public mutating func string(_ s: String) {
        output.appendASCII(0x22)
        if Self.needsEscaping(s) { escaped(s) } else { output.appendVerbatim(s) }
        output.appendASCII(0x22)
    }

    /// Whether `s` holds a byte a JSON string literal must escape: `"`, `\\` or a control character.
    @inlinable public static func needsEscaping(_ s: String) -> Bool {
        func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            for b in bytes where b < 0x20 || b == 0x22 || b == 0x5C { return true }
            return false
        }
        if let found = s.utf8.withContiguousStorageIfAvailable(scan) { return found }
        var copy = s
        return copy.withUTF8(scan)
    }

    /// The inside of a string literal that needs escapes: clean runs copied, each escape written.
    @usableFromInline mutating func escaped(_ s: String) {
        var s = s
        s.withUTF8 { bytes in
            var clean = 0
            for k in 0..<bytes.count {
                let b = bytes[k]
                guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                if clean < k { output.appendUTF8(UnsafeBufferPointer(rebasing: bytes[clean..<k])) }
                clean = k + 1
                escape(b)
            }
            if clean < bytes.count { output.appendUTF8(UnsafeBufferPointer(rebasing: bytes[clean...])) }
        }
    }

    private mutating func escape(_ b: UInt8) {
        switch b {
        case 0x22: ascii("\\\"")
        case 0x5C: ascii("\\\\")
        case 0x0A: ascii("\\n")
        case 0x0D: ascii("\\r")
        case 0x09: ascii("\\t")
        case 0x08 where style.shortEscapes: ascii("\\b")
        case 0x0C where style.shortEscapes: ascii("\\f")
        default:
            let hex: StaticString = "0123456789abcdef"
            ascii("\\u00")
            output.appendASCII(hex.utf8Start[Int(b >> 4)])
            output.appendASCII(hex.utf8Start[Int(b & 0xF)])
        }
    }

    // MARK: - Compound

    /// A member whose value is a string, left out when nil.
    @inlinable public mutating func optionalString(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    /// An object of strings, keys sorted.
    @inlinable public mutating func stringMap(_ map: [String: String]) { sortedObject(map) { $0.string($1) } }

    /// An object of values, keys sorted.
    @inlinable public mutating func valueMap(_ map: [String: Value]) { sortedObject(map) { $0.value($1) } }

    @inlinable mutating func sortedObject<V>(_ map: [String: V], _ write: (inout Self, V) -> Void) {
        beginObject()
        for (k, v) in map.sorted(by: { $0.key < $1.key }) {
            key(k)
            write(&self, v)
        }
        endObject()
    }

    /// Any value, object keys sorted.
    @inlinable public mutating func value(_ v: Value) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .int(let i): int(i)
        case .string(let s): string(s)
        case .list(let l):
            beginArray()
            for e in l {
                element()
                value(e)
            }
            endArray()
        case .object(let o): valueMap(o)
        }
    }
}
