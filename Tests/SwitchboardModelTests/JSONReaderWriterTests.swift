import Foundation
import Testing

@testable import SwitchboardModel

/// The one JSON reader and writer: the four layouts, integers at their limits, and vendor numbers read as the
/// former `JSONDecoder`-based reader read them.
@Suite struct JSONReaderWriterTests {
    static let sample: Value = ["b": [1, [:], []], "a": ["x": "\u{8}\u{c}\u{1}"], "e": [:]]

    static func written(_ style: JSONStyle) -> String {
        var w = JSONWriter(output: "", style: style)
        w.value(sample)
        return w.output
    }

    @Test func stylesLayOutTheSameValue() {
        #expect(Self.written(.compact) == #"{"a":{"x":"\u0008\u000c\u0001"},"b":[1,{},[]],"e":{}}"#)
        #expect(Self.written(.encoderCompact) == #"{"a":{"x":"\b\f\u0001"},"b":[1,{},[]],"e":{}}"#)
        #expect(Self.written(.pretty) == """
            {
              "a": {
                "x": "\\u0008\\u000c\\u0001"
              },
              "b": [
                1,
                {},
                []
              ],
              "e": {}
            }
            """)
        #expect(Self.written(.encoderPretty) == """
            {
              "a" : {
                "x" : "\\b\\f\\u0001"
              },
              "b" : [
                1,
                {},
                []
              ],
              "e" : {}
            }
            """)
    }

    @Test func bytesAndStringsGetTheSameText() {
        var bytes = JSONWriter(output: [UInt8](), style: .pretty)
        bytes.value(Self.sample)
        #expect(String(decoding: bytes.output, as: UTF8.self) == Self.written(.pretty))
    }

    @Test(arguments: [0, 7, -1, 10, -10, Int.max, Int.min])
    func integersRoundTrip(_ i: Int) throws {
        let text = Value.int(i).jsonText
        #expect(text == String(i))
        #expect(try Self.parse(text) == .int(i))
    }

    static func parse(_ text: String, numbers: JSONReader.NumberPolicy = .integers) throws -> Value {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in try Value(json: buffer, numbers: numbers) }
    }

    @Test func strictReadingRefusesFractions() {
        #expect(throws: JSONReadError.self) { _ = try Self.parse("[1.5]") }
        #expect(throws: JSONReadError.self) { _ = try Self.parse("{} x") }
    }

    /// What `JSONCoding.parse` read with `JSONDecoder` before it used the shared reader: the oracle for vendor
    /// bodies. (They part only on a fraction of more digits than a Double holds whose decimal value is whole, such
    /// as `9007199254740993.0`: the shared reader goes through the Double.)
    struct FormerLenient: Decodable {
        var value: Value
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                value = .null
            } else if let b = try? c.decode(Bool.self) {
                value = .bool(b)
            } else if let i = try? c.decode(Int.self) {
                value = .int(i)
            } else if let d = try? c.decode(Double.self) {
                value = d.rounded() == d && abs(d) < 9e15 ? .int(Int(d)) : .string(String(d))
            } else if let s = try? c.decode(String.self) {
                value = .string(s)
            } else if let l = try? c.decode([FormerLenient].self) {
                value = .list(l.map(\.value))
            } else {
                value = .object(try c.decode([String: FormerLenient].self).mapValues(\.value))
            }
        }
    }

    @Test(arguments: [
        #"{"a": 1.0, "b": 1.5, "c": -0.25, "d": 1e3, "e": 2E-2, "f": 12345678901234567890, "g": -0}"#,
        #"[9007199254740993, 9e15, 9.5e15, 8999999999999999.0, 1e19, 0.1, 100, -7, true, null, "1.5"]"#,
        #"[9.2e18, 10E-1, 0.5e1, -0.0, 1.5e0, 9223372036854775807.0, 123456789012345680.0]"#,
        #"{"entities": [{"id": "x", "n": 3, "ratio": 0.5, "nested": {"deep": [1.25e2]}}], "total": 1}"#,
        "  \"text\\n\\u00e9\\ud83d\\ude00\"  ",
    ])
    func vendorNumbersReadAsBefore(_ text: String) throws {
        let former = try JSONDecoder().decode(FormerLenient.self, from: Data(text.utf8)).value
        #expect(try Self.parse(text, numbers: .wholeOrText) == former)
    }
}
