import SwitchboardModel

/// Renders a `Plan` for people (Terraform-style text) and for machines (the JSON of DESIGN.md section 5.3).
///
/// Pure functions of the plan. Sensitive fields never show a value: text says `(sensitive value)`, JSON
/// `"(sensitive)"`, and neither looks at `FieldChange.before` / `after` of a sensitive field.
public enum PlanRenderer {
    /// The placeholder for a sensitive value in JSON.
    public static let sensitiveJSON = "(sensitive)"
    /// The placeholder for a sensitive value in text.
    public static let sensitiveText = "(sensitive value)"

    // MARK: - Text

    /// Human-readable plan: legend, one block per change (noop left out), findings, then the summary lines.
    public static func text(_ plan: Plan, color: Bool) -> String {
        let style = Style(color: color)
        let changes = orderedChanges(plan).filter { $0.action != .noop }
        let findings = allFindings(plan)
        // One string, each line followed by a newline (a plan of 50,000 creates has half a million lines: an array
        // of them joined at the end doubled the memory and the copying).
        var out = ""
        func line(_ text: String) {
            out += text
            out += "\n"
        }

        if changes.isEmpty {
            line(style.bold("No changes:") + " " + (plan.refreshed ? refreshedNoChanges : storedNoChanges))
        } else {
            line("Switchboard will perform the following actions, in this order:")
            line("")
            let present = Set(changes.map(\.action))
            let legend: [(Action, String)] = [
                (.create, "create"), (.import, "import (adopt an existing object, then update what differs)"),
                (.update, "update in place"), (.replace, "replace (delete, then create)"),
                (.move, "move (renamed: the same object under a new address)"), (.delete, "delete"),
            ]
            for (action, meaning) in legend where present.contains(action) {
                line(symbol(action, style: style) + " " + meaning)
            }
            for change in changes {
                line("")
                block(change, style: style, into: &out)
            }
        }

        // Findings that no rendered change shows: plan-wide ones, and those of unchanged resources.
        let shown = Set(changes.map(\.address))
        let others = findings.filter { finding in finding.address.map { !shown.contains($0) } ?? true }
        if !others.isEmpty {
            line("")
            line(changes.isEmpty ? "Findings:" : "Other findings:")
            for finding in others {
                let place = finding.address.map { " (\($0))" } ?? ""
                line("  " + findingText(finding, place: place, style: style))
            }
        }

        if !plan.stateNotices.isEmpty {
            line("")
            line("Stored state that time may have changed (the platforms were not read):")
            for notice in plan.stateNotices { line("  ? " + noticeText(notice)) }
        }

        if !changes.isEmpty {
            line("")
            line(style.bold("Plan:") + " " + summaryText(plan.summary) + ".")
        }
        if !changes.isEmpty || !findings.isEmpty {
            line(findingTally(findings, style: style))
        }
        if !changes.isEmpty && !plan.refreshed { line(storedComparison) }
        return out
    }

    /// What a plan without changes says when it compared the manifests with stored state only (DESIGN.md section 5).
    public static let storedNoChanges =
        "the manifests match the stored state; the platforms were not read — use --refresh"
    /// What a plan without changes says after reading the platforms.
    public static let refreshedNoChanges = "the manifests match what the platforms hold (read with --refresh)"
    /// The last line of a plan with changes made from stored state only.
    public static let storedComparison =
        "Compared the manifests with the stored state; the platforms were not read (plan --refresh reads them first)."

    /// `2 to create, 0 to update, 0 to replace, 1 to delete` (and `, 1 to import`, `, 1 to move` when there are
    /// imports or moves).
    public static func summaryText(_ s: PlanSummary) -> String {
        "\(s.create) to create, \(s.update) to update, \(s.replace) to replace, \(s.delete) to delete"
            + (s.import > 0 ? ", \(s.import) to import" : "") + (s.move > 0 ? ", \(s.move) to move" : "")
    }

    /// A state notice and how to confirm it.
    public static func noticeText(_ notice: StateNotice) -> String {
        "\(notice.address): \(notice.message); plan --refresh will confirm"
    }

    /// `Findings: 2 billing, 1 irreversible, 0 destructive, 1 warning.` (errors added when there are any).
    public static func findingTally(_ findings: [Finding], style: Style = Style(color: false)) -> String {
        func count(_ severity: FindingSeverity) -> Int { findings.filter { $0.severity == severity }.count }
        let warnings = count(.warning)
        var parts = [
            "\(count(.billing)) billing", "\(count(.irreversible)) irreversible", "\(count(.destructive)) destructive",
            "\(warnings) warning\(warnings == 1 ? "" : "s")",
        ]
        let errors = count(.error)
        if errors > 0 { parts.append(style.boldRed("\(errors) error\(errors == 1 ? "" : "s")")) }
        return style.bold("Findings:") + " " + parts.joined(separator: ", ") + "."
    }

    private static func symbol(_ action: Action, style: Style) -> String {
        let padded = String(repeating: " ", count: max(0, 3 - action.symbol.count)) + action.symbol
        switch action {
        case .create, .import: return style.green(padded)
        case .update: return style.yellow(padded)
        case .replace, .delete: return style.red(padded)
        case .move: return style.cyan(padded)
        case .noop: return padded
        }
    }

    /// Appends a change's lines: its header, a line per field, a line per finding.
    private static func block(_ change: PlannedChange, style: Style, into out: inout String) {
        out += symbol(change.action, style: style)
        out += " "
        out += style.bold(change.address.description)
        out += " ("
        out += change.platform
        out += ")\n"
        if let previous = change.previousAddress {
            out += "      moved from \(previous)"
            out += change.action == .move
                ? " (renamed: the platform's display name is updated; nothing is deleted or imported again)\n"
                : " (renamed, and replaced with what it lives through)\n"
        }
        if change.action == .import, let found = change.prior {
            out += "      adopts the existing \(found.remoteId) (\(found.status.rawValue)); nothing is created\n"
        }
        for field in change.fields { writeField(field, in: change, style: style, into: &out) }
        for address in change.relinks {
            out += "      re-link to the new \(address) (replaced above)\n"
        }
        for finding in change.findings {
            out += "      "
            out += findingText(finding, place: "", style: style)
            out += "\n"
        }
    }

    /// Appends a field's line: `path = after` for an added field, `path: before -> after` for a changed one, `null`
    /// for a side that is absent, `(sensitive value)` for either side of a sensitive field. Written straight into
    /// `out`: a plan of 50,000 creates has half a million of these.
    private static func writeField(_ field: FieldChange, in change: PlannedChange, style: Style, into out: inout String)
    {
        out += "      "
        out += field.path
        // One side of the change; `present` says whether a sensitive field has a value on that side.
        func side(_ value: Value?, present: Bool) {
            if field.sensitive {
                out += present ? sensitiveText : "null"
            } else if let value {
                Value.write(value, into: &out)
            } else {
                out += "null"
            }
        }
        let presence =
            field.sensitive
            ? sensitivePresence(field, in: change) : (before: field.before != nil, after: field.after != nil)
        if presence.before {
            out += ": "
            side(field.before, present: true)
            out += " -> "
            side(field.after, present: presence.after)
        } else {
            out += " = "
            side(field.after, present: presence.after)
        }
        if field.forcesReplacement {
            out += " "
            out += style.red("# forces replacement")
        }
        out += "\n"
    }

    private static func findingText(_ finding: Finding, place: String, style: Style) -> String {
        let mark: String
        switch finding.severity {
        case .error: mark = style.boldRed("!")
        case .destructive: mark = style.red("!")
        case .irreversible: mark = style.magenta("!")
        case .billing, .warning: mark = style.yellow("!")
        }
        return "\(mark) \(finding.code)\(place): \(finding.message)"
    }

    // MARK: - JSON

    /// The plan JSON of DESIGN.md section 5.3, plus top-level `manifestDigest`, `commit` and `checksum`.
    ///
    /// Every change appears (noop ones with `"fields": []`), ordered by `order` then address. Absent values are
    /// null; sensitive values are `"(sensitive)"`.
    public static func json(_ plan: Plan) -> String {
        let s = plan.summary
        let changes = orderedChanges(plan).map(changeNode)
        let findings = allFindings(plan).map { finding -> JSONNode in
            .object([
                ("code", .string(finding.code)),
                ("severity", .string(finding.severity.rawValue)),
                ("message", .string(finding.message)),
                ("address", .string(finding.address?.description)),
            ])
        }
        return JSONNode.object([
            ("format", .int(plan.format)),
            ("lineage", .string(plan.lineage)),
            ("serial", .int(plan.serial)),
            (
                "summary",
                .object([
                    ("create", .int(s.create)), ("import", .int(s.import)), ("update", .int(s.update)),
                    ("replace", .int(s.replace)), ("delete", .int(s.delete)), ("move", .int(s.move)),
                    ("noop", .int(s.noop)),
                ])
            ),
            ("changes", .array(changes)),
            ("findings", .array(findings)),
            ("refreshed", .bool(plan.refreshed)),
            (
                "stateNotices",
                .array(
                    plan.stateNotices.map {
                        .object([("address", .string($0.address.description)), ("message", .string($0.message))])
                    })
            ),
            ("manifestDigest", .string(plan.manifestDigest)),
            ("commit", .string(plan.commit)),
            ("checksum", .string(plan.checksum)),
        ]).prettyText
    }

    /// A change's JSON object: its address and place in the order, its fields (none for a noop) and findings; a move
    /// carries `previousAddress`, a change that re-links references `relinks`.
    private static func changeNode(_ change: PlannedChange) -> JSONNode {
        var members: [(String, JSONNode)] = [
            ("address", .string(change.address.description)),
            ("kind", .string(change.address.kind.rawValue)),
            ("name", .string(change.address.name)),
            ("platform", .string(change.platform)),
            ("action", .string(change.action.rawValue)),
        ]
        if let previous = change.previousAddress { members.append(("previousAddress", .string(previous.description))) }
        if !change.relinks.isEmpty { members.append(("relinks", .array(change.relinks.map { .string($0.description) }))) }
        return .object(members + [
            ("order", .int(change.order)),
            ("dependsOn", .array(change.dependsOn.map { .string($0.description) })),
            ("fields", .array(change.action == .noop ? [] : change.fields.map { fieldNode($0, in: change) })),
            (
                "findings",
                .array(
                    change.findings.map { finding in
                        .object([
                            ("code", .string(finding.code)),
                            ("severity", .string(finding.severity.rawValue)),
                            ("message", .string(finding.message)),
                        ])
                    })
            ),
        ])
    }

    /// A field's JSON object: both sides (null when absent, `"(sensitive)"` for a sensitive value) and its flags.
    private static func fieldNode(_ field: FieldChange, in change: PlannedChange) -> JSONNode {
        let before: JSONNode
        let after: JSONNode
        if field.sensitive {
            let presence = sensitivePresence(field, in: change)
            before = presence.before ? .string(sensitiveJSON) : .null
            after = presence.after ? .string(sensitiveJSON) : .null
        } else {
            before = .value(field.before)
            after = .value(field.after)
        }
        return .object([
            ("path", .string(field.path)),
            ("before", before),
            ("after", after),
            ("sensitive", .bool(field.sensitive)),
            ("forcesReplacement", .bool(field.forcesReplacement)),
        ])
    }

    // MARK: - Shared

    /// Changes in execution order (`order`, then address).
    public static func orderedChanges(_ plan: Plan) -> [PlannedChange] {
        let changes = plan.changes
        func before(_ a: Int, _ b: Int) -> Bool {
            changes[a].order != changes[b].order
                ? changes[a].order < changes[b].order : changes[a].address < changes[b].address
        }
        // Planner output is already in this order: check in one pass instead of sorting (and copying) it.
        if changes.indices.dropFirst().allSatisfy({ !before($0, $0 - 1) }) { return changes }
        return changes.indices.sorted(by: before).map { changes[$0] }
    }

    /// Every finding once: the plan-wide list in its order, then any change finding it lacks (tagged with the
    /// change's address).
    public static func allFindings(_ plan: Plan) -> [Finding] {
        var result: [Finding] = []
        var seen = Set<Finding>()
        for finding in plan.findings where seen.insert(finding).inserted {
            result.append(finding)
        }
        for change in orderedChanges(plan) where !change.findings.isEmpty {
            for var finding in change.findings {
                if finding.address == nil { finding.address = change.address }
                if seen.insert(finding).inserted { result.append(finding) }
            }
        }
        return result
    }

    /// Whether a sensitive field had a value before and has one after, judged without reading any value.
    ///
    /// Before: never for a create; otherwise yes unless the prior state keeps fingerprints and none for this path.
    /// After: never for a delete; otherwise yes unless the change carries fingerprints and none for this path.
    public static func sensitivePresence(_ field: FieldChange, in change: PlannedChange) -> (before: Bool, after: Bool)
    {
        let before: Bool
        if change.action == .create {
            before = false
        } else if let prior = change.prior, !prior.fingerprints.isEmpty {
            before = prior.fingerprints[field.path] != nil
        } else {
            before = true
        }
        let after: Bool
        if change.action == .delete {
            after = false
        } else if !change.fingerprints.isEmpty {
            after = change.fingerprints[field.path] != nil
        } else {
            after = true
        }
        return (before, after)
    }
}
