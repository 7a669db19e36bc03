import Foundation

/// `application/x-www-form-urlencoded` bodies, as token endpoints and form-encoded APIs take them.
public enum FormEncoding {
    /// The media type, for `Content-Type`.
    public static let contentType = "application/x-www-form-urlencoded"

    /// Encodes `fields` in order, `name=value` joined by `&`: letters, digits and `*-._` stay, a space becomes `+`,
    /// every other byte of the UTF-8 form is `%XX`.
    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    /// The body bytes of `fields`.
    public static func data(_ fields: [(String, String)]) -> Data { Data(encode(fields).utf8) }

    private static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
