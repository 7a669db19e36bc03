import Foundation
import SwitchboardWorkspace
import Reconciler
import SwitchboardModel

extension CommandOption {
    /// `--env-file FILE`: variables for `${env:...}` and secrets, under those already set.
    static let envFile = CommandOption.value(
        "env-file", valueName: "FILE", help: "Read NAME=value lines into the environment (values set already win).")
    /// `--lock-timeout SECONDS`: up to a day, with an optional `s` (`30`, `2.5`, `300s`).
    static let lockTimeout = CommandOption.number(
        "lock-timeout", valueName: "SECONDS", format: .decimal("a number of seconds", 0...86_400, suffix: "s"),
        help: "Wait this long for the state lock (default: 0, fail at once).")
}

extension Invocation {
    /// The environment with `--env-file` applied.
    func effectiveEnvironment() throws -> [String: String] {
        guard let file = arguments.value("env-file") else { return environment }
        do { return try EnvFile.merge(file, into: environment) } catch { throw CommandFailure(String(describing: error)) }
    }

    /// `--lock-timeout` in seconds (0 when not given).
    /// - Throws: a usage error for a value that is not a number of seconds from 0 to a day.
    func lockTimeout() throws -> Double {
        try number(.lockTimeout) ?? 0
    }

    /// Opens the workspace, printing diagnostics when the manifests are invalid. With `secretsRequired: false` (a
    /// command that touches no platform) an unset secret variable is a warning, printed on standard error unless
    /// `quiet` (a command that reads no resource's secret).
    func openWorkspace(
        _ directory: String, environment: [String: String], secretsRequired: Bool = true, quiet: Bool = false
    ) throws -> Workspace {
        do {
            let ws = try Workspace.open(
                directory: directory, environment: environment, secretsRequired: secretsRequired)
            if !secretsRequired && !quiet { printWarnings(ws) }
            return ws
        } catch WorkspaceError.invalid(let result) {
            console.write(DiagnosticRenderer.text(result, color: console.useColor(.standardError)), to: .standardError)
            throw CommandFailure("the manifests are invalid; nothing was planned")
        }
    }
}

extension Invocation {
    /// The workspace's load warnings on standard error (no source lines: the command is not about the manifests).
    func printWarnings(_ ws: Workspace) {
        guard !ws.warnings.isEmpty else { return }
        console.write(
            DiagnosticRenderer.text(ws.warnings, color: console.useColor(.standardError), sourceLine: { _, _, _, _ in nil }),
            to: .standardError)
    }
}

extension Command {
    /// `switchboard plan [DIR] [--out PLAN] [--format text|json|markdown] [--refresh] [--detailed-exitcode]`.
    public static let plan = Command(
        name: "plan",
        summary: "Show what apply would change, with billing, irreversible and destructive findings.",
        usage: "[DIR] [--out PLAN] [--format text|json|markdown] [--refresh] [--detailed-exitcode]",
        discussion: """
            Compares the manifests with stored state and prints an ordered change list. Nothing is changed.
            Exit codes: 0 success (with --detailed-exitcode: no changes), 1 error, 2 changes (--detailed-exitcode).
            """,
        arguments: [CommandArgument("DIR", help: "The manifest directory (default: the current directory).", isOptional: true)],
        options: [
            .value("out", valueName: "PLAN", help: "Save the plan to this file, for 'switchboard apply PLAN'."),
            .format(["text", "json", "markdown"]),
            .flag("refresh", help: "Read every managed object from its platform first and report drift."),
            .flag("detailed-exitcode", help: "Exit 2 when there are changes, 0 when there are none."),
            .envFile,
        ],
        run: { invocation in
            let environment = try invocation.effectiveEnvironment()
            let ws = try invocation.openWorkspace(invocation.arguments.positional(0) ?? ".", environment: environment)
            let console = invocation.console
            let state = try await ws.store.load()
            let (plan, _, drift, notes) = try await ws.plan(
                state: state, platforms: try ws.platforms(), refresh: invocation.arguments.flag("refresh"))
            for n in notes { console.err("note: \(n)") }
            if invocation.arguments.flag("refresh") { console.err(DriftRenderer.text(drift, color: console.useColor(.standardError))) }
            if let out = invocation.arguments.value("out") { try SavedPlan.write(plan, to: out) }
            switch invocation.arguments.value("format") ?? "text" {
            case "json": console.write(PlanRenderer.json(plan))
            case "markdown": console.write(MarkdownPlanRenderer.render(plan))
            default: console.write(PlanRenderer.text(plan, color: console.useColor(.standardOutput)))
            }
            if let out = invocation.arguments.value("out") {
                console.err("Saved the plan to \(out). Apply exactly this plan with: switchboard apply \(out)")
            }
            if plan.hasErrors { return ExitCode.failure }
            return invocation.arguments.flag("detailed-exitcode") && !plan.summary.isEmpty ? ExitCode.changes : ExitCode.success
        })
}

/// Renders drift found by a refresh.
public enum DriftRenderer {
    /// Text: one block per drifted object, with the field and both values.
    public static func text(_ drift: [DriftItem], color: Bool) -> String {
        let style = Style(color: color)
        guard !drift.isEmpty else { return "No drift: every managed object matches state.\n" }
        var out = style.bold("Drift: \(drift.count) managed object\(drift.count == 1 ? "" : "s") changed outside Switchboard") + "\n"
        for d in drift {
            if d.kind == .missing {
                out += "  " + style.red("! \(d.address)") + " is missing on its platform (it will be created again)\n"
            } else {
                out += "  " + style.yellow("~ \(d.address)") + " changed on its platform:\n"
                for f in d.fields {
                    out += "      \(f.path): state \(f.before?.display ?? "null") -> platform \(f.after?.display ?? "null")\n"
                }
            }
        }
        return out
    }
}
