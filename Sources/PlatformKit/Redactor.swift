import Foundation

/// Removes secret values from text that may reach a user (errors, descriptions, logs).
public enum Redactor {
    /// What stands where a secret was.
    public static let mark = "(redacted)"

    /// `text` with every secret of four characters or more, and its Base64 form, replaced by `(redacted)`.
    /// Shorter values are left alone: replacing them would mangle ordinary words without hiding anything.
    public static func scrub(_ text: String, secrets: [String]) -> String {
        var out = text
        for secret in secrets where secret.count >= 4 {
            for form in [secret, Data(secret.utf8).base64EncodedString()] {
                out = out.replacingOccurrences(of: form, with: mark)
            }
        }
        return out
    }
}
