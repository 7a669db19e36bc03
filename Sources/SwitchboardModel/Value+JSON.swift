extension Value {
    /// Compact JSON text with sorted keys.
    public var jsonText: String {
        var w = JSONWriter(output: "", style: .compact)
        w.value(self)
        return w.output
    }

    /// A short human rendering: strings quoted, lists and objects as JSON.
    public var display: String { jsonText }

    /// Appends `v` as compact JSON text with sorted keys (its `jsonText` and `display`) to `out`.
    public static func write(_ v: Value, into out: inout String) {
        var w = JSONWriter(output: "", style: .compact)
        swap(&w.output, &out)
        w.value(v)
        swap(&w.output, &out)
    }

    /// Parses a whole JSON document (RFC 8259); numbers follow `numbers`.
    /// - Throws: `JSONReadError` saying what is wrong and where.
    public init(
        json bytes: UnsafeBufferPointer<UInt8>, numbers: JSONReader.NumberPolicy = .integers
    ) throws(JSONReadError) {
        var r = JSONReader(bytes)
        self = try r.readValue(numbers: numbers)
        try r.expectEnd()
    }
}
