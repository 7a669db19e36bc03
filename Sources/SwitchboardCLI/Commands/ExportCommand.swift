import Foundation
import SwitchboardWorkspace

extension Command {
    /// `switchboard export [DIR] [--platform NAME] [--out DIR] [--env-file FILE]`: manifests from what platforms hold.
    public static let export = Command(
        name: "export",
        summary: "Write manifests for everything a platform connection holds, to bring it under management.",
        usage: "[DIR] [--platform NAME] [--out DIR] [--env-file FILE]",
        discussion: """
            Lists every content profile, integration, number, template and workstream the connections of DIR's
            Project hold (or only --platform NAME's) and writes them as manifests: one file per kind, sorted, each
            document saying where it came from, and a Project naming the connections. Secrets are written as
            {secretEnv: NAME} with generated names, listed at the end of the output; no secret is read. Without
            --out the manifests are printed. Then 'switchboard plan --refresh' of the exported set shows only imports.
            Nothing is changed on the platforms or in state.
            """,
        arguments: [
            CommandArgument(
                "DIR", help: "The manifest directory whose Project names the connections (default: the current one).",
                isOptional: true)
        ],
        options: [
            .value("platform", valueName: "NAME", help: "Export only this platform connection."),
            .value("out", valueName: "DIR", help: "Write the files into this directory (no file is replaced)."),
            .envFile,
        ],
        run: { invocation in
            let environment = try invocation.effectiveEnvironment()
            let ws = try invocation.openWorkspace(
                invocation.arguments.positional(0) ?? ".", environment: environment, secretsRequired: false,
                quiet: true)
            let console = invocation.console
            let (output, notes) = try await ws.export(platform: invocation.arguments.value("platform"))
            for note in notes { console.err("note: \(note)") }
            let kinds = output.files.count - 1
            if let out = invocation.arguments.value("out") {
                try Workspace.write(output, to: out)
                console.write(
                    "Wrote \(output.files.map(\.name).joined(separator: ", ")) to \(out) (\(kinds) kind"
                        + "\(kinds == 1 ? "" : "s") of objects).\n")
            } else {
                console.write(output.files.map(\.text).joined(separator: "---\n"))
            }
            console.write(secretsList(output.secretVariables))
            return ExitCode.success
        })

    /// The generated secret variables as YAML comments, so printed manifests stay one valid stream.
    static func secretsList(_ names: [String]) -> String {
        guard !names.isEmpty else { return "# No secrets to set.\n" }
        return "# Set these secret variables (generated names) before plan and apply, or edit the references:\n"
            + names.map { "#   \($0)\n" }.joined()
    }
}
