import Foundation
import SwitchboardWorkspace
import ManifestLoading

extension Command {
    /// `switchboard validate [DIR] [--format text|json]`: loads the manifests and reports every problem.
    ///
    /// Exit 0 when valid, 1 when any diagnostic is an error, 64 on bad usage.
    public static let validate = Command(
        name: "validate",
        summary: "Check the manifests and report every problem with file:line:column.",
        usage: "[DIR] [--format text|json] [--env-file FILE]",
        arguments: [
            CommandArgument("DIR", help: "The manifest directory (default: the current directory).", isOptional: true)
        ],
        options: [.format(["text", "json"]), .envFile],
        run: { invocation in
            let directory = invocation.arguments.positional(0) ?? "."
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw CommandFailure("'\(directory)' is not a directory")
            }
            let environment = try invocation.effectiveEnvironment()
            let today = ISO8601DateFormatter.day.string(
                from: try Workspace.now(environment, sandboxPath: Workspace.defaultSandboxPath(directory)))
            // Touches no platform: an unset secret variable is a warning (plan and apply need it).
            let result = ManifestLoader(
                platforms: PlatformRegistry.catalog, environment: environment, today: today, secretsRequired: false)
                .load(directory: directory)
            return ValidateCommand.report(
                result, format: invocation.arguments.value("format") ?? "text", console: invocation.console)
        })
}

/// The output half of `switchboard validate`, separate so tests can feed it hand-built results.
public enum ValidateCommand {
    /// Prints `result` in `format` (`text` or `json`) and returns the exit code (0 valid, 1 invalid).
    public static func report(_ result: LoadResult, format: String, console: Console) -> Int32 {
        let valid = !result.diagnostics.hasErrors
        if format == "json" {
            console.write(DiagnosticRenderer.json(result))
        } else {
            console.write(DiagnosticRenderer.text(result, color: console.useColor(.standardError)), to: .standardError)
            if valid {
                console.out(DiagnosticRenderer.validLine(result))
            }
        }
        return valid ? ExitCode.success : ExitCode.failure
    }
}
