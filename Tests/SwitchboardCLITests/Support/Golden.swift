import Foundation
import Testing

/// Golden files under `Tests/SwitchboardCLITests/Golden/`: exact expected output.
///
/// Run with `SWITCHBOARD_UPDATE_GOLDEN=1` to rewrite them from the current output (then review the diff).
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")

    /// Expects `actual` to equal the golden file `name` byte for byte.
    static func expect(_ actual: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SWITCHBOARD_UPDATE_GOLDEN"] == "1" {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url)
            } catch {
                Issue.record("could not write golden file \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record(
                "golden file \(name) is missing; run with SWITCHBOARD_UPDATE_GOLDEN=1 to create it",
                sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard actual != expected else { return }
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let first =
            zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(actualLines.count, expectedLines.count)
        func line(_ lines: [Substring]) -> String {
            lines.indices.contains(first) ? "\"\(lines[first])\"" : "(end of output)"
        }
        Issue.record(
            """
            output differs from Golden/\(name) at line \(first + 1):
              expected: \(line(expectedLines))
              actual:   \(line(actualLines))
            (run with SWITCHBOARD_UPDATE_GOLDEN=1 to accept the new output, then review the diff)
            """, sourceLocation: sourceLocation)
    }

    /// The same comparison, in the throwing form some suites use.
    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        expect(actual, matches: name, sourceLocation: sourceLocation)
    }
}
