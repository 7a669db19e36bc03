import Foundation
import SwitchboardWorkspace

extension Command {
    /// `switchboard graph [DIR]`: Graphviz DOT of resources and references, grouped per platform.
    public static let graph = Command(
        name: "graph",
        summary: "Print the resources and their references as Graphviz DOT, grouped per platform.",
        usage: "[DIR] [--env-file FILE]",
        discussion: "Render it with: switchboard graph manifests | dot -Tsvg > graph.svg",
        arguments: [CommandArgument("DIR", help: "The manifest directory (default: the current directory).", isOptional: true)],
        options: [.envFile],
        run: { inv in
            // Touches no platform: an unset secret variable is a warning.
            let ws = try inv.openWorkspace(
                inv.arguments.positional(0) ?? ".", environment: try inv.effectiveEnvironment(), secretsRequired: false)
            inv.console.write(GraphRenderer.dot(ws.manifests))
            return ExitCode.success
        })
}
