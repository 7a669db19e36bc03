import Foundation
import SwitchboardModel

/// JSON text to and from `Value`, tolerant of what vendors send (fractions become their nearest integer when
/// whole, otherwise their text).
public enum JSONCoding {
    /// Parses JSON bytes.
    /// - Throws: `DecodingError` when the bytes are not JSON.
    public static func parse(_ data: Data) throws -> Value {
        try JSONDecoder().decode(Lenient.self, from: data).value
    }

    /// Serializes a value as compact JSON with sorted keys.
    public static func data(_ value: Value) -> Data { Data(value.jsonText.utf8) }

    private struct Lenient: Decodable {
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
            } else if let l = try? c.decode([Lenient].self) {
                value = .list(l.map(\.value))
            } else {
                value = .object(try c.decode([String: Lenient].self).mapValues(\.value))
            }
        }
    }
}
