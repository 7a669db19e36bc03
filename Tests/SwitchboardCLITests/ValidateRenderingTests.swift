import ManifestLoading
import SwitchboardModel
import Testing

@testable import SwitchboardCLI

/// A hand-built invalid result: two files, a tab before a column, a hint, a note in another file, a warning and
/// a diagnostic without a place.
private func invalidResult() -> LoadResult {
    let numbers = """
        apiVersion: switchboard.dev/v1
        kind: Number
        metadata:
          name: support-1
        spec:
          phoneNumber: "+0415555"
          phonNumber: x
        \tlabel: "tabbed"\t# a comment
        """
    let integrations = """
        apiVersion: switchboard.dev/v1
        kind: Number
        metadata:
          name: support-1
        """
    let diagnostics = [
        Diagnostic(
            .error, code: "number.e164", message: "'+0415555' is not an E.164 number",
            hint: "write '+' then the country code and number, 7 to 15 digits, not starting with 0",
            location: SourceLocation(file: "manifests/numbers.yaml", line: 6, column: 16), path: "spec.phoneNumber"),
        Diagnostic(
            .error, code: "manifest.unknown-field", message: "unknown field 'phonNumber'",
            hint: "did you mean 'phoneNumber'?",
            location: SourceLocation(file: "manifests/numbers.yaml", line: 7, column: 3), path: "spec.phonNumber"),
        Diagnostic(
            .warning, code: "manifest.type", message: "'label' is indented with a tab",
            location: SourceLocation(file: "manifests/numbers.yaml", line: 8, column: 2), path: "spec.label"),
        Diagnostic(
            .error, code: "manifest.duplicate", message: "'Number/support-1' is declared twice",
            location: SourceLocation(file: "manifests/other.yaml", line: 4, column: 9), path: "metadata.name",
            notes: [
                Diagnostic(
                    .note, code: "", message: "first declared here",
                    location: SourceLocation(file: "manifests/numbers.yaml", line: 4, column: 9))
            ]),
        Diagnostic(.error, code: "env.unset", message: "environment variable 'TWILIO_TOKEN' is not set"),
    ]
    return LoadResult(
        manifests: nil, diagnostics: diagnostics, resourceCount: 2,
        sources: ["manifests/numbers.yaml": Array(numbers.utf8), "manifests/other.yaml": Array(integrations.utf8)])
}

private func validResult() -> LoadResult {
    LoadResult(manifests: nil, diagnostics: [], resourceCount: 3, sources: [:])
}

@Suite struct ValidateRenderingTests {
    @Test func textMatchesGolden() {
        Golden.expect(DiagnosticRenderer.text(invalidResult(), color: false), matches: "validate-invalid.txt")
    }

    @Test func textFormIsTheCompilers() {
        let text = DiagnosticRenderer.text(invalidResult(), color: false)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "manifests/numbers.yaml:6:16: error: '+0415555' is not an E.164 number [number.e164]")
        #expect(lines[1] == "  phoneNumber: \"+0415555\"")
        #expect(lines[2] == String(repeating: " ", count: 15) + "^")
        #expect(lines[3].hasPrefix("  hint: write '+'"))
        #expect(text.contains("manifests/numbers.yaml:4:9: note: first declared here\n"))
        #expect(text.contains("\nerror: environment variable 'TWILIO_TOKEN' is not set [env.unset]\n"))
        #expect(text.hasSuffix("4 errors and 1 warning in 2 files\n"))
    }

    @Test func caretPaddingKeepsTabs() {
        let text = DiagnosticRenderer.text(invalidResult(), color: false)
        #expect(text.contains("\tlabel: \"tabbed\"\t# a comment\n\t^\n"))
    }

    struct Caret: Sendable {
        var source: String
        var column: Int
        var padding: String
    }

    @Test(arguments: [
        Caret(source: "abc", column: 1, padding: ""),
        Caret(source: "abc", column: 3, padding: "  "),
        Caret(source: "\t\tx: 1", column: 3, padding: "\t\t"),
        Caret(source: "a\tb\tc", column: 5, padding: " \t \t"),
        Caret(source: "ab", column: 5, padding: "    "),
        Caret(source: "name: \"Zoë\" x", column: 13, padding: String(repeating: " ", count: 12)),
        Caret(source: "", column: 0, padding: ""),
    ])
    func caretPadding(_ example: Caret) {
        #expect(DiagnosticRenderer.caretPadding(example.source, column: example.column) == example.padding)
    }

    @Test func colorOnlyWhenAsked() {
        let plain = DiagnosticRenderer.text(invalidResult(), color: false)
        let colored = DiagnosticRenderer.text(invalidResult(), color: true)
        #expect(!plain.contains("\u{1B}["))
        #expect(colored.contains("\u{1B}[1;31merror:\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[1;33mwarning:\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[1;36mnote:\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[1;32m^\u{1B}[0m"))
    }

    @Test func jsonMatchesGolden() {
        Golden.expect(DiagnosticRenderer.json(invalidResult()), matches: "validate-invalid.json")
        Golden.expect(DiagnosticRenderer.json(validResult()), matches: "validate-valid.json")
    }

    @Test func jsonHasTheContractKeysInOrderAndNulls() {
        let json = DiagnosticRenderer.json(invalidResult())
        #expect(json.hasPrefix("{\n  \"valid\": false,\n  \"resources\": 2,\n  \"diagnostics\": ["))
        let keyOrder = ["severity", "code", "message", "hint", "file", "line", "column", "path"]
            .map { "\"\($0)\":" }
        var position = json.startIndex
        for key in keyOrder {
            let found = json.range(of: key, range: position..<json.endIndex)
            #expect(found != nil, "missing \(key) in order")
            position = found?.upperBound ?? position
        }
        #expect(
            json.contains(
                """
                      "code": "env.unset",
                      "message": "environment variable 'TWILIO_TOKEN' is not set",
                      "hint": null,
                      "file": null,
                      "line": null,
                      "column": null,
                      "path": null
                """))
    }

    @Test func reportExitCodesAndStreams() {
        let invalid = Console.capturing()
        #expect(ValidateCommand.report(invalidResult(), format: "text", console: invalid) == 1)
        #expect(invalid.capturedOutput.isEmpty)
        #expect(invalid.capturedError.hasSuffix("4 errors and 1 warning in 2 files\n"))

        let valid = Console.capturing()
        #expect(ValidateCommand.report(validResult(), format: "text", console: valid) == 0)
        #expect(valid.capturedOutput == "valid: 3 resources\n")
        #expect(valid.capturedError.isEmpty)

        let json = Console.capturing()
        #expect(ValidateCommand.report(invalidResult(), format: "json", console: json) == 1)
        #expect(json.capturedOutput.hasPrefix("{\n  \"valid\": false"))
        #expect(json.capturedError.isEmpty)
    }

    @Test func tallyCountsErrorsAndFiles() {
        let one = [Diagnostic(code: "x", message: "m", location: SourceLocation(file: "a.yaml", line: 1, column: 1))]
        #expect(DiagnosticRenderer.tally(one) == "1 error in 1 file")
    }

    @Test func validateRejectsUnknownFormatAndMissingDirectory() async {
        let xml = Console.capturing()
        #expect(await SwitchboardCLI.run(["validate", "--format", "xml"], environment: [:], console: xml) == 64)
        #expect(xml.capturedError.contains("see 'switchboard help validate'"))

        let missing = Console.capturing()
        let code = await SwitchboardCLI.run(
            ["validate", "/nonexistent/switchboard-manifests"], environment: [:], console: missing)
        #expect(code == 1)
        #expect(missing.capturedError.contains("is not a directory"))
    }
}

@Suite struct ColorTests {
    /// A command that prints a hand-built invalid report through the console it is given.
    private static let reporter = Command(
        name: "report", summary: "R.",
        run: { invocation in ValidateCommand.report(invalidResult(), format: "text", console: invocation.console) })

    @Test(arguments: [["NO_COLOR": ""], ["NO_COLOR": "1"], ["TERM": "dumb"]])
    func noColorIsRespected(_ environment: [String: String]) async {
        let console = Console.capturing(stdoutIsTerminal: true, stderrIsTerminal: true)
        #expect(
            await SwitchboardCLI.run(["report"], environment: environment, console: console, commands: [Self.reporter])
                == 1)
        #expect(!console.capturedError.contains("\u{1B}["))
        #expect(console.capturedError.contains("error:"))
    }

    @Test func colorOnATerminal() async {
        let console = Console.capturing(stdoutIsTerminal: true, stderrIsTerminal: true)
        #expect(
            await SwitchboardCLI.run(["report"], environment: [:], console: console, commands: [Self.reporter]) == 1)
        #expect(console.capturedError.contains("\u{1B}[1;31merror:"))
    }

    @Test func noColorWhenNotATerminal() async {
        let console = Console.capturing(stdoutIsTerminal: true, stderrIsTerminal: false)
        #expect(console.useColor(.standardOutput))
        #expect(!console.useColor(.standardError))
        #expect(
            await SwitchboardCLI.run(["report"], environment: [:], console: console, commands: [Self.reporter]) == 1)
        #expect(!console.capturedError.contains("\u{1B}["))
    }

    @Test func capturingConsoleAnswersReadLineFromItsInput() {
        let console = Console.capturing(input: ["support-whatsapp", "yes"])
        #expect(console.readLine() == "support-whatsapp")
        #expect(console.readLine() == "yes")
        #expect(console.readLine() == nil)
    }
}
