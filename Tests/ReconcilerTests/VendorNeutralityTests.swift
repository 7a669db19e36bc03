import Foundation
import SwitchboardTestSupport
import Testing

/// `Reconciler` never knows which platform it talks to (DESIGN.md section 2): its sources, comments included, name no
/// vendor, URL, command-line flag or platform status string. Those come from the platforms' descriptors and the CLI.
@Suite struct VendorNeutralityTests {
    /// What must not appear, with why.
    static let forbidden: [(pattern: String, what: String)] = [
        ("genesys|twilio|dynamics|dataverse|whatsapp|purecloud", "a vendor or product name"),
        ("https?://|/api/v[0-9]|\\.com\\b", "a URL"),
        ("(^|[^a-z0-9-])--[a-z][a-z-]*", "a command-line flag"),
        (
            "\"(active|inactive|activating|pending|incomplete|provisioning|disabled|deleting|awaiting-[a-z]+)\"",
            "a status string (statuses are ResourceStatus values)"
        ),
    ]

    /// The lines of `text` that match a forbidden pattern, as `line: what: text`.
    static func violations(in text: String) throws -> [String] {
        let expressions = try forbidden.map {
            (try NSRegularExpression(pattern: $0.pattern, options: [.caseInsensitive]), $0.what)
        }
        var found: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(line)
            let range = NSRange(line.startIndex..., in: line)
            for (expression, what) in expressions where expression.firstMatch(in: line, range: range) != nil {
                found.append("\(number + 1): \(what): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        return found
    }

    @Test func theScanCatchesEachKindOfLeak() throws {
        let leaks = [
            "// the WhatsApp status machine", "let url = \"https://example.org/x\"",
            "/// `apply --verification-code ADDR=CODE`", "if status == \"awaiting-verification\" {",
            "prior.status != \"active\"", "case .twilioSMS:",
        ]
        for leak in leaks { #expect(try Self.violations(in: leak).count == 1, "\(leak)") }
        let clean = [
            "remote.status == .awaitingVerification ? .awaitingVerification : .succeeded",
            "for i in 0..<n where actions[i] != .delete {", "c.index -= 1", "// deletes come after creates",
        ]
        for line in clean { #expect(try Self.violations(in: line).isEmpty, "\(line)") }
    }

    @Test func reconcilerSourcesNameNoVendorURLFlagOrStatusString() throws {
        let root = SwitchboardProcess.packageRoot.appendingPathComponent("Sources/Reconciler")
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count >= 10, "the scan found only \(files.map(\.lastPathComponent))")
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let found = try Self.violations(in: text)
            #expect(found.isEmpty, "\(file.lastPathComponent):\n\(found.joined(separator: "\n"))")
        }
    }
}
