import SwitchboardModel

/// Renders a plan as Markdown for a pull-request or merge-request comment (DESIGN.md section 5.3).
///
/// Layout: a hidden marker (`<!-- switchboard-plan -->`, so CI can find and update its own comment), a title,
/// the summary tables, every billing / irreversible / destructive / error finding ("Needs attention"), the
/// warnings, then one folded `<details>` block per change, and a footer naming the state lineage and serial,
/// the manifest digest, the commit and the plan checksum.
///
/// The output never exceeds `limit` UTF-8 bytes. A plan too large for that is summarized, never cut: first the
/// field tables go (one line per change), then the per-change lines give way to a table of counts per kind and
/// action, and finally the attention list itself ends with "and N more". A shortened comment always ends with
/// a note that the full plan is in the saved plan and its JSON.
public enum MarkdownPlanRenderer {
    /// The hidden line every rendering starts with; CI pipelines find the comment to update by it.
    public static let marker = "<!-- switchboard-plan -->"

    /// Renders `plan` in at most `limit` UTF-8 bytes (GitHub allows 65,536 characters per comment).
    public static func render(_ plan: Plan, limit: Int = 60_000) -> String {
        let model = Model(plan)
        let full = model.document(detail: .full)
        if full.utf8.count <= limit { return full }
        let lines = model.document(detail: .lines)
        if lines.utf8.count <= limit { return lines }
        return model.counted(limit: limit)
    }
}

// MARK: - Model

/// How much of each change a rendering shows.
private enum Detail {
    /// A `<details>` block with the field table and findings per change.
    case full
    /// One line per change.
    case lines
}

/// The plan, sorted and grouped once for every rendering level.
private struct Model {
    let plan: Plan
    /// Changes other than `noop`, in execution order.
    let changes: [PlannedChange]
    let noops: Int
    /// Billing, irreversible, destructive and error findings, most serious first.
    let attention: [Finding]
    let warnings: [Finding]

    init(_ plan: Plan) {
        self.plan = plan
        let ordered = plan.changes.sorted { ($0.order, $0.address) < ($1.order, $1.address) }
        changes = ordered.filter { $0.action != .noop }
        noops = plan.changes.count - changes.count
        let rank = Dictionary(ordered.enumerated().map { ($1.address, $0) }, uniquingKeysWith: { a, _ in a })
        var seen = Set<Finding>()
        var all: [Finding] = []
        for f in plan.findings + ordered.flatMap(\.findings) where seen.insert(f).inserted {
            all.append(f)
        }
        func position(_ f: Finding) -> Int { f.address.flatMap { rank[$0] } ?? -1 }
        all.sort {
            if $0.severity != $1.severity { return $0.severity > $1.severity }
            if position($0) != position($1) { return position($0) < position($1) }
            return $0.code < $1.code
        }
        attention = all.filter { $0.severity != .warning }
        warnings = all.filter { $0.severity == .warning }
    }

    // MARK: Sections

    var header: String {
        let s = plan.summary
        var out = MarkdownPlanRenderer.marker + "\n"
        if s.isEmpty {
            out += "### Switchboard plan: no changes\n\n"
        } else {
            out += "### Switchboard plan: \(PlanRenderer.summaryText(s))\n\n"
        }
        if plan.hasErrors {
            out += "**This plan has errors: `switchboard apply` refuses to run it.**\n\n"
        }
        return out
    }

    /// What the plan compared (stored state only, unless it read the platforms), then the counts.
    var summaryTables: String {
        let s = plan.summary
        var out = ""
        if !plan.refreshed {
            out += s.isEmpty ? "No changes: \(Self.text(PlanRenderer.storedNoChanges)).\n\n"
                : "_\(Self.text(PlanRenderer.storedComparison))_\n\n"
        }
        out += "| change | count |\n| --- | ---: |\n"
        // Imports only show when there are some (a plan made with --refresh that adopts existing objects).
        for (name, count) in [
            ("create", s.create), ("import", s.import), ("update", s.update), ("replace", s.replace),
            ("delete", s.delete), ("move", s.move), ("unchanged", s.noop),
        ] where name != "import" || count > 0 {
            out += "| \(name) | \(count) |\n"
        }
        out += "\n| finding | count |\n| --- | ---: |\n"
        let everything = attention + warnings
        for severity in [FindingSeverity.error, .billing, .irreversible, .destructive, .warning] {
            out += "| \(severity.rawValue) | \(everything.filter { $0.severity == severity }.count) |\n"
        }
        return out + "\n"
    }

    /// The heading and the flags sentence of the attention section, or nothing when there is nothing to attend to.
    var attentionHead: String {
        guard !attention.isEmpty else { return "" }
        var out = "#### Needs attention\n\n"
        let severities = Set(attention.map(\.severity))
        let flags = [
            (FindingSeverity.billing, "--accept-billing"), (.irreversible, "--accept-irreversible"),
            (.destructive, "--accept-destructive"),
        ].filter { severities.contains($0.0) }.map { "`\($0.1)`" }
        if !flags.isEmpty {
            out +=
                "Applying this plan needs explicit acceptance: \(flags.joined(separator: " ")) in CI, "
                + "or confirmation at the prompt.\n"
        }
        if severities.contains(.error) {
            out += "Errors must be fixed first: no flag accepts them.\n"
        }
        return out + "\n"
    }

    var attentionLines: [String] { attention.map(Self.findingLine) }

    var warningSection: String {
        guard !warnings.isEmpty else { return "" }
        return "#### Warnings\n\n" + warnings.map(Self.findingLine).joined() + "\n"
    }

    /// Stored facts with a date that time may have changed (the platforms were not read), or nothing.
    var noticeSection: String {
        guard !plan.stateNotices.isEmpty else { return "" }
        return "#### Stored state to confirm\n\n"
            + plan.stateNotices.map { "- " + Self.text(PlanRenderer.noticeText($0)) + "\n" }.joined() + "\n"
    }

    func changeSection(_ detail: Detail) -> String {
        guard !changes.isEmpty || noops > 0 else { return "" }
        var out = "#### Changes\n\n"
        switch detail {
        case .full:
            for c in changes { out += Self.detailsBlock(c) }
        case .lines:
            out += "_Field details are left out to fit one comment._\n\n"
            for c in changes { out += "- " + Self.changeTitle(c) + Self.findingCount(c) + "\n" }
            if !changes.isEmpty { out += "\n" }
        }
        if noops > 0 { out += "\(noops) unchanged resource\(noops == 1 ? "" : "s") not shown.\n\n" }
        return out
    }

    var kindTable: String {
        let imports = plan.summary.import > 0
        let actions: [Action] = [.create] + (imports ? [.import] : []) + [.update, .replace, .delete, .move, .noop]
        var out = "#### Changes by kind\n\n| kind | create | " + (imports ? "import | " : "")
            + "update | replace | delete | move | unchanged |\n"
        out += "| --- |" + String(repeating: " ---: |", count: actions.count) + "\n"
        for kind in Kind.allCases {
            let ofKind = plan.changes.filter { $0.address.kind == kind }
            guard !ofKind.isEmpty else { continue }
            out +=
                "| \(kind.rawValue) | "
                + actions.map { a in String(ofKind.filter { $0.action == a }.count) }.joined(separator: " | ") + " |\n"
        }
        return out + "\n"
    }

    var footer: String {
        var parts = [
            "state lineage <code>\(Self.text(plan.lineage))</code> serial \(plan.serial)",
            "manifests <code>\(Self.text(plan.manifestDigest))</code>",
        ]
        if let commit = plan.commit { parts.append("commit <code>\(Self.text(commit))</code>") }
        parts.append("plan <code>\(Self.text(plan.checksum))</code>")
        return "---\n<sub>" + parts.joined(separator: " · ") + "</sub>\n"
    }

    static let fullPlanNote =
        "> **Note:** this plan is too large for one comment, so it is summarized. The full plan is in the saved "
        + "plan file (`--out`): `switchboard show PLAN` prints it, and `switchboard show PLAN --format json` "
        + "gives every change and field.\n\n"

    // MARK: Documents

    func document(detail: Detail) -> String {
        var out = header + summaryTables
        out += attentionHead + attentionLines.joined() + (attention.isEmpty ? "" : "\n")
        out += warningSection + noticeSection
        out += changeSection(detail)
        if detail != .full { out += Self.fullPlanNote }
        return out + footer
    }

    /// The last level: counts per kind and action, and as much of the attention list as fits.
    func counted(limit: Int) -> String {
        let head = header + summaryTables
        let tail = kindTable + Self.fullPlanNote + footer
        var budget = limit - head.utf8.count - tail.utf8.count
        guard budget >= 0 else { return minimal(limit: limit) }
        var out = head
        if !attention.isEmpty {
            let lead = attentionHead
            budget -= lead.utf8.count + 1
            guard budget >= 0 else { return minimal(limit: limit) }
            let lines = attentionLines
            var shown: [String] = []
            var used = 0
            for (i, line) in lines.enumerated() {
                let rest = lines.count - i - 1
                let more = rest > 0 ? Self.moreLine(rest).utf8.count : 0
                if used + line.utf8.count + more > budget { break }
                shown.append(line)
                used += line.utf8.count
            }
            let hidden = lines.count - shown.count
            if hidden > 0 && used + Self.moreLine(hidden).utf8.count > budget {
                return minimal(limit: limit)
            }
            out += lead + shown.joined() + (hidden > 0 ? Self.moreLine(hidden) : "") + "\n"
        }
        return out + tail
    }

    /// For limits too small for any table: the title and the note, or as much of that as fits whole.
    func minimal(limit: Int) -> String {
        for candidate in [header + Self.fullPlanNote, header] where candidate.utf8.count <= limit {
            return candidate
        }
        return ""
    }

    // MARK: Pieces

    static func moreLine(_ n: Int) -> String {
        "- … and \(n) more; see the full plan.\n"
    }

    static func findingLine(_ f: Finding) -> String {
        let place = f.address.map { "<code>\(text($0.description))</code>" } ?? "plan"
        return "- **\(f.severity.rawValue)** \(place) (<code>\(text(f.code))</code>): \(text(f.message))\n"
    }

    static func changeTitle(_ c: PlannedChange) -> String {
        "<code>\(text(c.action.symbol + " " + c.address.description))</code> (\(text(c.platform))) — "
            + c.action.rawValue
    }

    static func findingCount(_ c: PlannedChange) -> String {
        guard !c.findings.isEmpty else { return "" }
        let worst = c.findings.map(\.severity).max() ?? .warning
        return "; \(c.findings.count) finding\(c.findings.count == 1 ? "" : "s") (\(worst.rawValue))"
    }

    static func detailsBlock(_ c: PlannedChange) -> String {
        var out = "<details><summary>" + changeTitle(c) + findingCount(c) + "</summary>\n\n"
        if c.action == .import, let found = c.prior {
            out += "Adopts the existing object <code>\(text(found.remoteId))</code> (\(text(found.status.rawValue))): "
                + "nothing is created" + (c.fields.isEmpty ? "." : "; the fields below are then updated to match.")
                + "\n\n"
        }
        if let previous = c.previousAddress {
            out += "Moved from <code>\(text(previous.description))</code> (renamed"
                + (c.action == .move ? "; nothing is deleted or imported again).\n\n" : "; replaced).\n\n")
        }
        if !c.relinks.isEmpty {
            out += "Re-links to the new "
                + c.relinks.map { "<code>\(text($0.description))</code>" }.joined(separator: ", ")
                + " (replaced in this plan).\n\n"
        }
        if c.fields.isEmpty {
            out += "No field changes.\n\n"
        } else {
            out += "| field | before | after |\n| --- | --- | --- |\n"
            for f in c.fields.sorted(by: { $0.path < $1.path }) {
                let path = "<code>\(text(f.path))</code>" + (f.forcesReplacement ? " **forces replacement**" : "")
                out +=
                    "| \(path) | \(value(f.before, sensitive: f.sensitive, present: c.action != .create)) | "
                    + "\(value(f.after, sensitive: f.sensitive, present: c.action != .delete)) |\n"
            }
            out += "\n"
        }
        for f in c.findings.sorted(by: { ($1.severity, $0.code) < ($0.severity, $1.code) }) {
            out += "- **\(f.severity.rawValue)** <code>\(text(f.code))</code>: \(text(f.message))\n"
        }
        if !c.findings.isEmpty { out += "\n" }
        if !c.dependsOn.isEmpty {
            out +=
                "After: "
                + c.dependsOn.sorted().map { "<code>\(text($0.description))</code>" }
                .joined(separator: ", ") + "\n\n"
        }
        return out + "</details>\n\n"
    }

    /// A table cell for a field value. Sensitive values are never shown, whatever the change carries.
    static func value(_ v: Value?, sensitive: Bool, present: Bool) -> String {
        if sensitive { return present ? "(sensitive)" : "" }
        guard let v else { return "" }
        return "<code>\(text(v.display))</code>"
    }

    /// Escapes text for Markdown and inline HTML, including inside table cells: characters that Markdown or
    /// HTML would read as markup become entities, and line breaks become `<br>`.
    static func text(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|": out += "&#124;"
            case "`": out += "&#96;"
            case "*": out += "&#42;"
            case "_": out += "&#95;"
            case "[": out += "&#91;"
            case "]": out += "&#93;"
            case "\\": out += "&#92;"
            case "~": out += "&#126;"
            case "@": out += "&#64;"
            case "\n", "\r\n", "\r": out += "<br>"
            default: out.append(ch)
            }
        }
        return out
    }
}
