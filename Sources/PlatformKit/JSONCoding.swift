import Foundation
import SwitchboardModel

/// JSON bodies to and from `Value`, through the model's one reader and writer, tolerant of what vendors send: a
/// number with a fraction or an exponent becomes an integer when it is whole, otherwise its text
/// (`JSONReader.NumberPolicy.wholeOrText`).
public enum JSONCoding {
    /// Parses JSON bytes.
    /// - Throws: `JSONReadError` when the bytes are not JSON.
    public static func parse(_ data: Data) throws -> Value {
        let result: Result<Value, JSONReadError> = data.withUnsafeBytes { raw in
            do throws(JSONReadError) {
                return .success(try Value(json: raw.bindMemory(to: UInt8.self), numbers: .wholeOrText))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Serializes a value as compact JSON with sorted keys.
    public static func data(_ value: Value) -> Data {
        var w = JSONWriter(output: [UInt8](), style: .compact)
        w.value(value)
        return Data(w.output)
    }
}
