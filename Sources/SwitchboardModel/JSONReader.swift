/// Why a JSON document could not be read: what and where (byte offset, with line and column).
public struct JSONReadError: Error, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// 1-based line of the offending byte.
    public var line: Int
    /// 1-based column (in bytes) of the offending byte.
    public var column: Int
    /// The key path of the value being read (`resources.Number/x.attributes`), where known.
    public var path: String

    public var description: String {
        (path.isEmpty ? "" : "at '\(path)': ") + "\(message) (line \(line), column \(column))"
    }
}

/// The one JSON reader: small and strict (RFC 8259), over UTF-8 bytes, for the state document and for what
/// vendors' APIs send.
///
/// It reads values on demand, so a caller decodes straight into its own types instead of going through a
/// generic tree: the state of 10,000 resources reads several times faster than with `JSONDecoder`. Strings must be
/// valid UTF-8. Numbers are integers unless the caller reads a value with `NumberPolicy.wholeOrText`. The hot paths
/// are `@inlinable`, so the state reader in another module runs them specialized and inlined as if they were its
/// own.
public struct JSONReader {
    /// How `readValue` takes a number with a fraction or an exponent.
    public enum NumberPolicy: Sendable {
        /// An error: integers only (the state document holds no other kind).
        case integers
        /// An integer when it is whole and fits (`1.0`, `2e3`), otherwise its text (`"1.5"`, `"1e+19"`): what
        /// `JSONDecoder` made of vendors' numbers, read as a whole number where one fits and as a string otherwise.
        case wholeOrText
    }

    /// The document; read only below `end` (its subscript checks bounds in debug builds only).
    @usableFromInline let base: UnsafeBufferPointer<UInt8>
    @usableFromInline let end: Int
    /// The position of the next byte to read.
    public var offset = 0
    /// Where the containers being read are: for an object member the offset of its key's opening quote, for an
    /// array element `-(index + 1)`. Only an error turns it into text, so reading a member costs no string copy.
    @usableFromInline var path: [Int] = []
    /// The string `readRecurringString` returned last.
    @usableFromInline var recurring = ""

    /// A reader over `buffer`, which must outlive it.
    @inlinable public init(_ buffer: UnsafeBufferPointer<UInt8>) {
        base = buffer
        end = buffer.count
    }

    // MARK: - Errors

    /// An error at `position` (default: the current offset), with its line, column and key path.
    public func error(_ message: String, at position: Int? = nil) -> JSONReadError {
        let stop = min(position ?? offset, end)
        var line = 1
        var lineStart = 0
        var i = 0
        while i < stop {
            if base[i] == 0x0A {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        return JSONReadError(message: message, line: line, column: stop - lineStart + 1, path: pathText())
    }

    /// The key path being read, as `resources.Number/x.dependencies.0`.
    private func pathText() -> String {
        var parts: [String] = []
        for p in path {
            if p < 0 {
                parts.append(String(-p - 1))
            } else {
                var r = JSONReader(base)
                r.offset = p
                parts.append((try? r.readString()) ?? "?")
            }
        }
        return parts.joined(separator: ".")
    }

    // MARK: - Structure

    @inlinable mutating func skipWhitespace() {
        while offset < end {
            switch base[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    /// The next significant byte, without consuming it; nil at the end.
    @inlinable public mutating func peek() -> UInt8? {
        skipWhitespace()
        return offset < end ? base[offset] : nil
    }

    @inlinable mutating func expect(_ byte: UInt8, _ what: String) throws(JSONReadError) {
        guard peek() == byte else { throw error(offset < end ? "expected \(what)" : "unexpected end of document") }
        offset += 1
    }

    /// Fails unless only whitespace is left.
    @inlinable public mutating func expectEnd() throws(JSONReadError) {
        if peek() != nil { throw error("unexpected text after the document") }
    }

    /// Reads an object's members, calling `member` with each key while the reader stands at its value, which
    /// `member` must read (or skip).
    @inlinable public mutating func readObject(
        _ member: (inout JSONReader, String) throws(JSONReadError) -> Void
    ) throws(JSONReadError) {
        try readFields { (r, key) throws(JSONReadError) in try member(&r, key.string) }
    }

    /// Reads an object of known members: like `readObject`, but a plain ASCII key is handed over as its bytes (no
    /// String is made), to be matched with `case "name":` patterns.
    @inlinable public mutating func readFields(
        _ member: (inout JSONReader, JSONKey) throws(JSONReadError) -> Void
    ) throws(JSONReadError) {
        try expect(0x7B, "an object")
        if peek() == 0x7D {
            offset += 1
            return
        }
        while true {
            guard peek() == 0x22 else {
                throw error(offset < end ? "expected a key in quotes" : "unexpected end of document")
            }
            let keyOffset = offset
            var k = offset + 1
            while k < end, base[k] >= 0x20, base[k] < 0x80, base[k] != 0x22, base[k] != 0x5C { k += 1 }
            let key: JSONKey
            if k < end, base[k] == 0x22 {
                key = JSONKey(bytes: UnsafeBufferPointer(rebasing: base[(offset + 1)..<k]))
                offset = k + 1
            } else {
                // A key with escapes or non-ASCII text (legal JSON, never one of ours): read, check and decode it
                // as any string.
                key = JSONKey(text: try readString())
            }
            try expect(0x3A, "':' after a key")
            path.append(keyOffset)
            try member(&self, key)
            path.removeLast()
            switch peek() {
            case 0x2C: offset += 1
            case 0x7D:
                offset += 1
                return
            default: throw error(offset < end ? "expected ',' or '}'" : "unexpected end of document")
            }
        }
    }

    /// Reads an array, calling `element` with the reader standing at each element, which it must read.
    @inlinable public mutating func readArray(
        _ element: (inout JSONReader) throws(JSONReadError) -> Void
    ) throws(JSONReadError) {
        try expect(0x5B, "an array")
        if peek() == 0x5D {
            offset += 1
            return
        }
        var index = 0
        while true {
            path.append(-(index + 1))
            try element(&self)
            path.removeLast()
            index += 1
            switch peek() {
            case 0x2C: offset += 1
            case 0x5D:
                offset += 1
                return
            default: throw error(offset < end ? "expected ',' or ']'" : "unexpected end of document")
            }
        }
    }

    // MARK: - Scalars

    /// Whether the next value is `null` (consumed if so).
    @inlinable public mutating func readNull() throws(JSONReadError) -> Bool {
        guard peek() == 0x6E else { return false }
        try literal("null")
        return true
    }

    @inlinable mutating func literal(_ word: StaticString) throws(JSONReadError) {
        let n = word.utf8CodeUnitCount
        guard offset + n <= end else { throw error("unexpected end of document") }
        let w = word.utf8Start
        for k in 0..<n where base[offset + k] != w[k] { throw error("invalid literal") }
        offset += n
    }

    @inlinable public mutating func readBool() throws(JSONReadError) -> Bool {
        switch peek() {
        case 0x74:
            try literal("true")
            return true
        case 0x66:
            try literal("false")
            return false
        default: throw error("expected true or false")
        }
    }

    @inlinable public mutating func readInt() throws(JSONReadError) -> Int {
        _ = peek()
        let start = offset
        var negative = false
        if offset < end, base[offset] == 0x2D {
            negative = true
            offset += 1
        }
        guard offset < end, base[offset] >= 0x30, base[offset] <= 0x39 else { throw error("expected a number") }
        if base[offset] == 0x30, offset + 1 < end, base[offset + 1] >= 0x30, base[offset + 1] <= 0x39 {
            throw error("a number may not start with 0")
        }
        var value = 0
        while offset < end, base[offset] >= 0x30, base[offset] <= 0x39 {
            let digit = Int(base[offset] - 0x30)
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(digit) : m.addingReportingOverflow(digit)
            if o1 || o2 { throw error("number out of range", at: start) }
            value = s
            offset += 1
        }
        if offset < end, base[offset] == 0x2E || base[offset] == 0x65 || base[offset] == 0x45 {
            throw error("expected an integer", at: start)
        }
        return value
    }

    @inlinable public mutating func readString() throws(JSONReadError) -> String {
        guard peek() == 0x22 else { throw error("expected a string") }
        offset += 1
        let start = offset
        var ascii = true
        while offset < end {
            let b = base[offset]
            if b == 0x22 {
                let bytes = UnsafeBufferPointer(rebasing: base[start..<offset])
                offset += 1
                if ascii { return String(decoding: bytes, as: UTF8.self) }
                guard let s = String(validating: bytes, as: UTF8.self) else {
                    throw error("a string is not valid UTF-8", at: start)
                }
                return s
            }
            if b == 0x5C {
                offset = start
                return try readEscapedString()
            }
            if b < 0x20 { throw error("a control character inside a string") }
            if b >= 0x80 { ascii = false }
            offset += 1
        }
        throw error("unexpected end of document inside a string", at: start)
    }

    /// Reads a string that often equals the one the previous call read, and shares that string when it does instead
    /// of allocating an equal one. For timestamps: a resource's created, activated and updated times are mostly the
    /// same second, as are those of the resources one apply made, and each would otherwise be a heap allocation.
    @inlinable public mutating func readRecurringString() throws(JSONReadError) -> String {
        guard peek() == 0x22 else { throw error("expected a string") }
        let start = offset + 1
        var stop = start
        while stop < end, base[stop] != 0x22, base[stop] != 0x5C { stop += 1 }
        let same = stop < end && base[stop] == 0x22 && recurring.utf8.count == stop - start
            && recurring.utf8.withContiguousStorageIfAvailable { stored in
                for i in stored.indices where stored[i] != base[start + i] { return false }
                return true
            } == true
        if same {
            offset = stop + 1
            return recurring
        }
        recurring = try readString()
        return recurring
    }

    /// The slow path of `readString`: a string with backslash escapes. `offset` is just after the opening quote.
    @usableFromInline mutating func readEscapedString() throws(JSONReadError) -> String {
        var bytes: [UInt8] = []
        let start = offset
        while offset < end {
            let b = base[offset]
            offset += 1
            switch b {
            case 0x22:
                guard let s = String(validating: bytes, as: UTF8.self) else {
                    throw error("a string is not valid UTF-8", at: start)
                }
                return s
            case 0x5C:
                guard offset < end else { break }
                let e = base[offset]
                offset += 1
                switch e {
                case 0x22, 0x5C, 0x2F: bytes.append(e)
                case 0x62: bytes.append(0x08)
                case 0x66: bytes.append(0x0C)
                case 0x6E: bytes.append(0x0A)
                case 0x72: bytes.append(0x0D)
                case 0x74: bytes.append(0x09)
                case 0x75:
                    // A scalar always has a UTF-8 encoding.
                    if let encoded = UTF8.encode(try unicodeEscape()) { bytes.append(contentsOf: encoded) }
                default: throw error("an invalid escape", at: offset - 2)
                }
            default:
                if b < 0x20 { throw error("a control character inside a string", at: offset - 1) }
                bytes.append(b)
            }
        }
        throw error("unexpected end of document inside a string", at: start)
    }

    /// The scalar of a `\uXXXX` escape (a surrogate pair takes two); `offset` is just after the `u`.
    private mutating func unicodeEscape() throws(JSONReadError) -> Unicode.Scalar {
        var scalar = try hex4()
        if scalar >= 0xD800, scalar < 0xDC00 {
            guard offset + 2 <= end, base[offset] == 0x5C, base[offset + 1] == 0x75 else {
                throw error("an unpaired surrogate in a \\u escape")
            }
            offset += 2
            let low = try hex4()
            guard low >= 0xDC00, low < 0xE000 else { throw error("an unpaired surrogate in a \\u escape") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if scalar >= 0xDC00, scalar < 0xE000 {
            throw error("an unpaired surrogate in a \\u escape")
        }
        guard let u = Unicode.Scalar(scalar) else { throw error("an invalid \\u escape") }
        return u
    }

    private mutating func hex4() throws(JSONReadError) -> UInt32 {
        guard offset + 4 <= end else { throw error("unexpected end of document") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = base[offset]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw error("an invalid \\u escape")
            }
            v = v << 4 | d
            offset += 1
        }
        return v
    }
}

/// A member's key as `readFields` found it: the raw bytes between the quotes, or the decoded text of a key that
/// had escapes.
public struct JSONKey {
    /// The key's bytes inside the document, for a key of printable ASCII without escapes.
    public var bytes: UnsafeBufferPointer<UInt8>?
    /// The decoded key, for any other key.
    public var text: String?

    @inlinable init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }
    @inlinable init(text: String) { self.text = text }

    /// The key as text (printable ASCII bytes decode as they are).
    @inlinable public var string: String {
        if let text { return text }
        guard let bytes else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether the key is `name`, compared byte for byte.
    @inlinable public static func ~= (name: StaticString, key: JSONKey) -> Bool {
        let n = name.utf8CodeUnitCount
        let p = name.utf8Start
        if let bytes = key.bytes {
            guard bytes.count == n else { return false }
            for i in 0..<n where bytes[i] != p[i] { return false }
            return true
        }
        guard let text = key.text else { return false }
        return text.utf8.elementsEqual(UnsafeBufferPointer(start: p, count: n))
    }
}
