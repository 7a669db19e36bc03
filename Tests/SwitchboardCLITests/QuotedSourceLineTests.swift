import ManifestLoading
import SwitchboardModel
import Testing

@testable import SwitchboardCLI

/// A diagnostic quotes at most one source line, cut to 200 characters around its column (DESIGN.md section 3), so
/// what validate prints stays linear in the input however many diagnostics share a long line.
@Suite struct QuotedSourceLineTests {
    /// `count` diagnostics on one line of `count` keys `kN: 1`, each at its key.
    static func longLine(_ count: Int) -> (LoadResult, Int) {
        var line = "spec: {"
        var length = line.count
        var diagnostics: [Diagnostic] = []
        for i in 0..<count {
            let key = (i > 0 ? ", " : "") + "k\(i): 1"
            diagnostics.append(
                Diagnostic(
                    .error, code: "manifest.unknown-field", message: "unknown field 'k\(i)'",
                    location: SourceLocation(file: "m.yaml", line: 2, column: length + (i > 0 ? 3 : 1)),
                    path: "spec.k\(i)"))
            line += key
            length += key.count
        }
        line += "}"
        let text = "kind: ContentProfile\n" + line + "\n"
        let result = LoadResult(
            manifests: nil, diagnostics: diagnostics, resourceCount: 1, sources: ["m.yaml": Array(text.utf8)])
        return (result, text.utf8.count)
    }

    @Test func aLongLineIsCutAroundTheColumn() {
        let (result, _) = Self.longLine(2_000)
        let lines = DiagnosticRenderer.text(result, color: false).split(separator: "\n").map(String.init)
        // Per diagnostic: the header, the quoted line, the caret.
        #expect(lines.count == 3 * 2_000 + 1)
        for i in [0, 1, 15, 16, 1_000, 1_999] {
            let quoted = lines[3 * i + 1]
            let caret = lines[3 * i + 2]
            #expect(quoted.count <= DiagnosticRenderer.quotedWidth)
            #expect(caret.hasSuffix("^") && caret.count <= DiagnosticRenderer.quotedWidth)
            #expect(quoted.dropFirst(caret.count - 1).hasPrefix("k\(i): 1"), "\(i): \(quoted)\n\(caret)")
        }
        // Near the start the line's start is kept, as a short line shows it.
        #expect(lines[1].hasPrefix("spec: {k0: 1, k1: 1"))
    }

    @Test func outputGrowsLinearlyWithTheLine() {
        let (small, smallInput) = Self.longLine(1_000)
        let (large, largeInput) = Self.longLine(20_000)
        let smallOutput = DiagnosticRenderer.text(small, color: false).utf8.count
        let largeOutput = DiagnosticRenderer.text(large, color: false).utf8.count
        // Each diagnostic prints about the same: the ratio of outputs follows the ratio of inputs.
        let perByteSmall = Double(smallOutput) / Double(smallInput)
        let perByteLarge = Double(largeOutput) / Double(largeInput)
        #expect(perByteLarge < perByteSmall * 1.5, "\(perByteSmall) -> \(perByteLarge) output bytes per input byte")
        #expect(largeOutput < 60 * largeInput)
    }

    @Test func shortLinesAreQuotedAsBefore() {
        let source = "a:\n  \tkey: 1\n"
        let result = LoadResult(
            manifests: nil,
            diagnostics: [
                Diagnostic(
                    .error, code: "manifest.unknown-field", message: "unknown field 'key'",
                    location: SourceLocation(file: "m.yaml", line: 2, column: 4))
            ],
            resourceCount: 1, sources: ["m.yaml": Array(source.utf8)])
        #expect(
            DiagnosticRenderer.text(result, color: false)
                == "m.yaml:2:4: error: unknown field 'key' [manifest.unknown-field]\n  \tkey: 1\n  \t^\n1 error in 1 file\n"
        )
    }
}
