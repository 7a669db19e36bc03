extension JSONReader {
    /// Consumes a number written as JSON allows (sign, fraction, exponent) and returns where it started.
    @usableFromInline mutating func scanNumber() throws(JSONReadError) -> Int {
        _ = peek()
        let start = offset
        func digits() -> Int {
            let first = offset
            while offset < end, base[offset] >= 0x30, base[offset] <= 0x39 { offset += 1 }
            return offset - first
        }
        if offset < end, base[offset] == 0x2D { offset += 1 }
        let integerStart = offset
        let integerDigits = digits()
        guard integerDigits > 0 else { throw error("expected a number", at: start) }
        if integerDigits > 1, base[integerStart] == 0x30 { throw error("a number may not start with 0", at: start) }
        if offset < end, base[offset] == 0x2E {
            offset += 1
            guard digits() > 0 else { throw error("expected a digit after '.'") }
        }
        if offset < end, base[offset] == 0x65 || base[offset] == 0x45 {
            offset += 1
            if offset < end, base[offset] == 0x2B || base[offset] == 0x2D { offset += 1 }
            guard digits() > 0 else { throw error("expected a digit in the exponent") }
        }
        return start
    }

    /// A number under `NumberPolicy.wholeOrText`.
    @usableFromInline mutating func readWholeOrText() throws(JSONReadError) -> Value {
        let start = try scanNumber()
        let text = String(decoding: UnsafeBufferPointer(rebasing: base[start..<offset]), as: UTF8.self)
        if let i = Int(text) { return .int(i) }
        guard let d = Double(text), d.isFinite else { throw error("number out of range", at: start) }
        return Int(exactly: d).map { .int($0) } ?? .string(String(d))
    }

    /// A string, or nil for `null`.
    @inlinable public mutating func readOptionalString() throws(JSONReadError) -> String? {
        try readNull() ? nil : try readString()
    }

    /// A string that often repeats (`readRecurringString`), or nil for `null`.
    @inlinable public mutating func readOptionalRecurringString() throws(JSONReadError) -> String? {
        try readNull() ? nil : try readRecurringString()
    }

    /// An object of strings (`null` reads as empty).
    @inlinable public mutating func readStringMap() throws(JSONReadError) -> [String: String] {
        if try readNull() { return [:] }
        var out: [String: String] = [:]
        try readObject { (r, key) throws(JSONReadError) in out[key] = try r.readString() }
        return out
    }

    /// An object of values (`null` reads as empty).
    @inlinable public mutating func readValueMap(
        numbers: NumberPolicy = .integers
    ) throws(JSONReadError) -> [String: Value] {
        if try readNull() { return [:] }
        var out: [String: Value] = [:]
        try readObject { (r, key) throws(JSONReadError) in out[key] = try r.readValue(numbers: numbers) }
        return out
    }

    /// Any value.
    @inlinable public mutating func readValue(numbers: NumberPolicy = .integers) throws(JSONReadError) -> Value {
        switch peek() {
        case 0x22: return .string(try readString())
        case 0x7B: return .object(try readValueMap(numbers: numbers))
        case 0x5B:
            var list: [Value] = []
            try readArray { (r) throws(JSONReadError) in list.append(try r.readValue(numbers: numbers)) }
            return .list(list)
        case 0x74, 0x66: return .bool(try readBool())
        case 0x6E:
            _ = try readNull()
            return .null
        case nil: throw error("unexpected end of document")
        default:
            switch numbers {
            case .integers: return .int(try readInt())
            case .wholeOrText: return try readWholeOrText()
            }
        }
    }

    /// Reads and discards any value (checking its syntax).
    @inlinable public mutating func skipValue() throws(JSONReadError) {
        switch peek() {
        case 0x22: _ = try readString()
        case 0x7B: try readFields { (r, _) throws(JSONReadError) in try r.skipValue() }
        case 0x5B: try readArray { (r) throws(JSONReadError) in try r.skipValue() }
        case 0x2D?, (0x30...0x39)?:
            // Any JSON number, fractions and exponents included: an unknown member may hold one.
            let start = offset
            while offset < end, case let b = base[offset], b == 0x2D || b == 0x2B || b == 0x2E || b == 0x65 || b == 0x45
                || (b >= 0x30 && b <= 0x39)
            {
                offset += 1
            }
            if offset == start + 1, base[start] == 0x2D { throw error("expected a number", at: start) }
        default: _ = try readValue()
        }
    }
}
