import ManifestLoading
import SwitchboardModel

/// Renders validation diagnostics in the compiler's text form and in the JSON of DESIGN.md section 5.3.
public enum DiagnosticRenderer {
    /// Looks up at most `width` characters of a 1-based line of a file around a 1-based column
    /// (`LoadResult.sourceExcerpt`).
    public typealias SourceLines = (_ file: String, _ line: Int, _ column: Int, _ width: Int) -> SourceExcerpt?

    /// The most characters of a source line quoted under a diagnostic (DESIGN.md section 3): a long line is cut to a
    /// window around the column, so output stays linear in the input however many diagnostics share a line.
    public static let quotedWidth = 200

    /// The text report of `result` for standard error: every diagnostic, then (when invalid) `N errors in M files`.
    ///
    /// The `valid: N resources` line of a valid result goes to standard output; see `validLine(_:)`.
    public static func text(_ result: LoadResult, color: Bool) -> String {
        var out = text(result.diagnostics, color: color, sourceLine: result.sourceExcerpt(file:line:column:width:))
        if result.diagnostics.hasErrors {
            out += tally(result.diagnostics) + "\n"
        }
        return out
    }

    /// `valid: N resources` (singular for one).
    public static func validLine(_ result: LoadResult) -> String {
        let count = result.manifests?.resources.count ?? result.resourceCount
        return "valid: \(count) resource\(count == 1 ? "" : "s")"
    }

    /// `2 errors in 1 file`, with warnings counted when there are any (`2 errors and 1 warning in 2 files`).
    public static func tally(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }
        let warnings = diagnostics.filter { $0.severity == .warning }
        let files = Set(diagnostics.filter { $0.severity != .note }.compactMap { $0.location?.file })
        var text = plural(errors.count, "error")
        if !warnings.isEmpty { text += " and " + plural(warnings.count, "warning") }
        if !files.isEmpty { text += " in " + plural(files.count, "file") }
        return text
    }

    /// Every diagnostic in compiler form: `path:line:col: error: message [code]`, the source line (at most
    /// `quotedWidth` characters of it), a caret under the column, `  hint: ...`, then the notes in the same form.
    public static func text(_ diagnostics: [Diagnostic], color: Bool, sourceLine: SourceLines) -> String {
        var out = ""
        for diagnostic in diagnostics {
            render(diagnostic, style: Style(color: color), sourceLine: sourceLine, into: &out)
            for note in diagnostic.notes {
                var note = note
                note.severity = .note
                render(note, style: Style(color: color), sourceLine: sourceLine, into: &out)
            }
        }
        return out
    }

    private static func render(
        _ diagnostic: Diagnostic, style: Style, sourceLine: SourceLines, into out: inout String
    ) {
        let label: String
        switch diagnostic.severity {
        case .error: label = style.boldRed("error:")
        case .warning: label = style.boldYellow("warning:")
        case .note: label = style.boldCyan("note:")
        }
        var line = ""
        if let location = diagnostic.location {
            line += style.bold("\(location.file):\(location.line):\(location.column):") + " "
        }
        line += label + " " + style.bold(diagnostic.message)
        if !diagnostic.code.isEmpty { line += " [\(diagnostic.code)]" }
        out += line + "\n"
        if let location = diagnostic.location,
            let source = sourceLine(location.file, location.line, location.column, quotedWidth)
        {
            out += source.text + "\n"
            out += caretPadding(source.text, column: source.column) + style.boldGreen("^") + "\n"
        }
        if let hint = diagnostic.hint {
            out += "  hint: \(hint)\n"
        }
    }

    /// The blanks before a caret under 1-based `column` of `source`: tabs kept as tabs, everything else a space.
    ///
    /// Columns count Unicode scalars, as libyaml's marks do.
    public static func caretPadding(_ source: String, column: Int) -> String {
        var padding = ""
        var count = 0
        for scalar in source.unicodeScalars {
            if count >= column - 1 { break }
            padding += scalar == "\t" ? "\t" : " "
            count += 1
        }
        if count < column - 1 {
            padding += String(repeating: " ", count: column - 1 - count)
        }
        return padding
    }

    /// The validate JSON of DESIGN.md section 5.3: `{"valid", "resources", "diagnostics": [...]}`.
    ///
    /// Notes are not part of the contract and are left out; each diagnostic has exactly the eight keys
    /// `severity, code, message, hint, file, line, column, path` (absent values are null).
    public static func json(_ result: LoadResult) -> String {
        let diagnostics = result.diagnostics.map { d -> JSONNode in
            .object([
                ("severity", .string(d.severity.rawValue)),
                ("code", .string(d.code)),
                ("message", .string(d.message)),
                ("hint", .string(d.hint)),
                ("file", .string(d.location?.file)),
                ("line", .int(d.location?.line)),
                ("column", .int(d.location?.column)),
                ("path", .string(d.path)),
            ])
        }
        return JSONNode.object([
            ("valid", .bool(!result.diagnostics.hasErrors)),
            ("resources", .int(result.manifests?.resources.count ?? result.resourceCount)),
            ("diagnostics", .array(diagnostics)),
        ]).prettyText
    }

    static func plural(_ n: Int, _ word: String) -> String {
        "\(n) \(word)\(n == 1 ? "" : "s")"
    }
}
