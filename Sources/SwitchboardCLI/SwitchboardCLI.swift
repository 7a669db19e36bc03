import Foundation
import SwitchboardWorkspace

/// The command-line front end: parses the arguments, runs the command, returns the exit code.
///
/// `main.swift` only calls `run` and exits with its result, so every behaviour of the CLI is reachable from tests.
public enum SwitchboardCLI {
    /// Every command, in the order `switchboard help` lists them. Add new commands here.
    public static let commands: [Command] = [
        .validate,
        .plan,
        .apply,
        .show,
        .state,
        .history,
        .graph,
        .drift,
        .export,
        .sandbox,
        .version,
        .help,
    ]

    /// Runs the command line `arguments` (without the program name) and returns the exit code.
    ///
    /// Never throws: usage errors print a message and `see 'switchboard help <cmd>'` on standard error and return
    /// 64; command errors print `error: ...` and return 1 (or the `CommandFailure`'s code).
    public static func run(
        _ arguments: [String], environment: [String: String], console: Console, commands: [Command] = commands
    ) async -> Int32 {
        // `help` is always there, even in a registry built for a test.
        let commands = commands.contains { $0.name == Command.help.name } ? commands : commands + [.help]
        if !Console.colorAllowed(environment: environment) {
            console.disableColor()
        }
        let outcome: ParseOutcome
        do {
            outcome = try ArgumentParser(commands: commands).parse(arguments)
        } catch {
            if arguments.isEmpty {
                console.write(HelpRenderer.topLevel(commands: commands), to: .standardError)
                return ExitCode.usage
            }
            report(error, on: console)
            return ExitCode.usage
        }

        switch outcome {
        case .version:
            console.write(SwitchboardVersion.text)
            return ExitCode.success
        case .help(let path):
            if path.isEmpty {
                console.write(HelpRenderer.topLevel(commands: commands))
            } else if let text = HelpRenderer.help(for: path, commands: commands) {
                console.write(text)
            }
            return ExitCode.success
        case .run(let path, let parsed):
            guard let command = HelpRenderer.resolve(path, in: commands), let body = command.run else {
                report(
                    UsageError("'\(path.joined(separator: " "))' needs a subcommand", commandPath: path), on: console)
                return ExitCode.usage
            }
            let invocation = Invocation(
                commandPath: path, arguments: parsed, environment: environment, console: console, commands: commands)
            let code = await execute(body, invocation, console: console)
            // Folds the sandbox journals this command wrote into their world files. A failure loses nothing: the
            // journal stays, and the next command that opens the sandbox compacts it.
            try? await Workspace.compactSandboxes()
            return code
        }
    }

    /// Runs a command's body and turns what it throws into an exit code and a message.
    static func execute(
        _ body: (Invocation) async throws -> Int32, _ invocation: Invocation, console: Console
    ) async -> Int32 {
        do {
            return try await body(invocation)
        } catch let error as UsageError {
            report(error, on: console)
            return ExitCode.usage
        } catch let failure as CommandFailure {
            console.err(Style(color: console.useColor(.standardError)).errorLabel + " " + failure.message)
            return failure.exitCode
        } catch {
            console.err(Style(color: console.useColor(.standardError)).errorLabel + " \(error)")
            return ExitCode.failure
        }
    }

    /// Prints a usage error and the pointer to help on standard error.
    static func report(_ error: UsageError, on console: Console) {
        let style = Style(color: console.useColor(.standardError))
        console.err(style.errorLabel + " " + error.message)
        console.err(error.helpPointer)
    }
}
