import Foundation
import SwitchboardWorkspace
import Reconciler

extension Command {
    /// `switchboard drift [DIR] [--env-file FILE]`: reads every managed object and reports what changed outside
    /// Switchboard.
    public static let drift = Command(
        name: "drift",
        summary: "Report managed objects changed or deleted outside Switchboard.",
        usage: "[DIR] [--env-file FILE]",
        discussion: """
            Reads every object in state from its platform and compares it with state, naming each changed field with
            the value in state and the value on the platform. Nothing is changed.
            Exit codes: 0 no drift, 1 error, 2 drift found.
            """,
        arguments: [CommandArgument("DIR", help: "The manifest directory (default: the current directory).", isOptional: true)],
        options: [.envFile],
        run: { invocation in
            let environment = try invocation.effectiveEnvironment()
            let ws = try invocation.openWorkspace(invocation.arguments.positional(0) ?? ".", environment: environment)
            let state = try await ws.store.load()
            let (_, drift) = try await Refresher(platforms: try ws.platforms()).refresh(state)
            invocation.console.write(DriftRenderer.text(drift, color: invocation.console.useColor(.standardOutput)))
            return drift.isEmpty ? ExitCode.success : ExitCode.changes
        })
}
